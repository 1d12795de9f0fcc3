// "Copy link" and "Print or save as PDF" under the estimate. The link is the calculator page's
// address with the answers in its #c= fragment (link.js), the same one the page keeps in its
// own address bar; inside an embed it points to the full calculator on this site instead.

import { today } from "./form.js";
import { linkFor } from "./link.js";
import { day, t } from "./strings.js";

/** Copy `text`; true when the clipboard took it. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no permission (e.g. an embed without allow="clipboard-write"), or no API
  }
}

/** The page the shared link opens: this one, or the full calculator when embedded. */
function linkPage(root) {
  if (root.dataset.embed !== undefined) return new URL("../calculator/", location.href).href;
  const url = new URL(location.href);
  url.hash = "";
  return url.href;
}

export function setUpSharing(root, form) {
  const status = root.querySelector("#lsc-share-status");
  const field = root.querySelector("#lsc-share-url");
  const printed = root.querySelector("#lsc-printed");

  root.querySelector("#lsc-copy-link").addEventListener("click", async () => {
    const url = linkFor(form.read().claim, linkPage(root));
    field.value = url;
    if (await copyText(url)) {
      field.hidden = true;
      status.textContent = t("ui.js.link_copied");
    } else {
      // Show the link, selected, for the user to copy by hand.
      field.hidden = false;
      field.select();
      status.textContent = t("ui.js.copy_failed");
    }
  });

  // "Prepare my claim" opens the claim kit with the same answers (never any personal detail:
  // the calculator has none).
  const kitLink = root.querySelector("#lsc-prepare");
  if (kitLink) {
    const toKit = () => {
      kitLink.href = linkFor(form.read().claim, new URL("../claim-kit/", location.href).href);
    };
    for (const type of ["click", "auxclick", "contextmenu", "focus", "pointerenter"]) {
      kitLink.addEventListener(type, toKit);
    }
  }

  // The "Open the full calculator" link of an embed carries the answers too.
  const full = root.querySelector("#lsc-open-full");
  const refresh = () => { full.href = linkFor(form.read().claim, linkPage(root)); };
  if (full) {
    full.addEventListener("click", refresh);
    full.addEventListener("auxclick", refresh);
    full.addEventListener("contextmenu", refresh);
  }

  // Printing (the button, or the browser's own Print command) shows everything: every
  // <details> open, empty fields left out, and when and with which rates it was made.
  let restore = null;
  const prepare = () => {
    if (restore) return;
    const closed = [...document.querySelectorAll("details:not([open])")];
    for (const details of closed) details.open = true;
    const empty = [];
    for (const control of root.querySelectorAll(".lsc-form input, .lsc-form select")) {
      const box = control.closest(".lsc-field, .lsc-check");
      const blank = control.type === "checkbox" ? !control.checked : control.value.trim() === "";
      if (box && blank) empty.push(box);
    }
    for (const row of root.querySelectorAll(".lsc-row")) {
      if ([...row.querySelectorAll("input")].every((input) =>
        (input.type === "checkbox" ? !input.checked : input.value.trim() === ""))) empty.push(row);
    }
    for (const box of empty) box.classList.add("lsc-print-empty");
    // A group left with nothing to show (e.g. tax details never filled in) goes too.
    for (const group of root.querySelectorAll(".lsc-form fieldset.lsc-group")) {
      const parts = group.querySelectorAll(".lsc-field, .lsc-check, .lsc-row");
      if (parts.length && [...parts].every((part) => empty.includes(part)
        || part.closest(".lsc-print-empty") !== null)) {
        group.classList.add("lsc-print-empty");
        empty.push(group);
      }
    }
    const verified = root.querySelector("#result [data-field='parameters_last_verified']")?.dataset.value;
    printed.textContent = verified
      ? t("ui.js.printed_on", { date: day(today()), verified: day(verified) })
      : "";
    restore = () => {
      for (const details of closed) details.open = false;
      for (const box of empty) box.classList.remove("lsc-print-empty");
      restore = null;
    };
  };
  window.addEventListener("beforeprint", prepare);
  window.addEventListener("afterprint", () => restore?.());
  root.querySelector("#lsc-print").addEventListener("click", () => {
    prepare();
    window.print();
  });
}
