// The "Embed this calculator" page: builds the code a blogger pastes (an <iframe> plus the
// loader, /embed.js) from the chosen options, with this site's own address, and shows it
// working below (the same code, run by the real loader).

import { readClaimFromUrl } from "./link.js";
import { copyText } from "./share.js";
import { t } from "./strings.js";

const SITE = new URL("../../", import.meta.url); // javascripts/calculator/ → the site root
const LOADER = new URL("embed.js", SITE).href;
const DEFAULT_LANGUAGE = "en";
const START_HEIGHT = 1300; // until the loader hears from the calculator (quick form, phone width)

/** The base64url answers of a calculator link ("…/calculator/#c=…", "#c=…"), or null. */
export function valuesFromLink(text) {
  const match = /(?:^|#)c=([A-Za-z0-9_-]+)\s*$/.exec(text.trim());
  if (!match) return null;
  const { claim } = readClaimFromUrl(`#c=${match[1]}`);
  return claim ? match[1] : null;
}

/** The embed page's address for these options (the loader, embed.js, computes the same). */
export function embedUrl({ lang, mode, values }) {
  const url = new URL(`${lang === DEFAULT_LANGUAGE ? "" : `${lang}/`}embed/`, SITE);
  if (mode === "detailed") url.search = "?mode=detailed";
  if (values) url.hash = `c=${values}`;
  return url.href;
}

const escapeAttribute = (text) => text.replaceAll("&", "&amp;").replaceAll('"', "&quot;")
  .replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** The attributes of the <iframe>, in the order they are written. */
function iframeAttributes(options, title) {
  const attributes = [["src", embedUrl(options)], ["title", title], ["data-lumpsum-calc", ""],
    ["data-lang", options.lang]];
  if (options.mode === "detailed") attributes.push(["data-mode", "detailed"]);
  if (options.values) attributes.push(["data-values", options.values]);
  attributes.push(["loading", "lazy"], ["allow", "clipboard-write"],
    ["style", `display:block;width:100%;height:${START_HEIGHT}px;border:0`]);
  return attributes;
}

export function snippet(options, title) {
  const attributes = iframeAttributes(options, title)
    .map(([name, value]) => (value === "" ? name : `${name}="${escapeAttribute(value)}"`));
  return `<iframe ${attributes.join("\n  ")}></iframe>\n<script src="${escapeAttribute(LOADER)}" async></script>`;
}

function loadLoader() {
  if (document.querySelector(`script[src="${LOADER}"]`)) return;
  const script = document.createElement("script");
  script.src = LOADER;
  script.async = true;
  document.head.append(script);
}

export function initBuilder(root) {
  if (root.dataset.initialised) return;
  root.dataset.initialised = "true";
  const titles = JSON.parse(root.dataset.titles);
  const language = root.querySelector("#lsc-embed-lang");
  const valuesInput = root.querySelector("#lsc-embed-values");
  const valuesError = root.querySelector("#lsc-embed-values-error");
  const code = root.querySelector("#lsc-embed-code");
  const status = root.querySelector("#lsc-embed-status");
  const preview = root.querySelector("#lsc-embed-preview");

  const options = () => {
    const text = valuesInput.value;
    const values = text.trim() ? valuesFromLink(text) : null;
    const invalid = Boolean(text.trim()) && !values;
    valuesError.hidden = !invalid;
    valuesError.textContent = invalid ? t("ui.js.embed_values_invalid") : "";
    if (invalid) valuesInput.setAttribute("aria-invalid", "true");
    else valuesInput.removeAttribute("aria-invalid");
    return {
      lang: titles[language.value] ? language.value : DEFAULT_LANGUAGE,
      mode: root.querySelector("input[name='lsc-embed-mode']:checked")?.value === "detailed" ? "detailed" : "quick",
      values,
    };
  };

  let shown = "";
  const update = () => {
    const chosen = options();
    const title = titles[chosen.lang];
    const text = snippet(chosen, title);
    code.textContent = text;
    status.textContent = "";
    if (text === shown) return;
    shown = text;
    // The preview is the snippet itself, built as elements (never parsed from the text).
    const frame = document.createElement("iframe");
    for (const [name, value] of iframeAttributes(chosen, title)) {
      // The style through the CSSOM: this site's Content-Security-Policy refuses style attributes.
      if (name === "style") frame.style.cssText = value;
      else if (name !== "loading") frame.setAttribute(name, value);
    }
    preview.replaceChildren(frame);
  };

  root.addEventListener("input", update);
  root.addEventListener("change", update);
  root.querySelector("#lsc-embed-copy").addEventListener("click", async () => {
    if (await copyText(code.textContent)) {
      status.textContent = t("ui.js.embed_copied");
    } else {
      getSelection().selectAllChildren(code);
      status.textContent = t("ui.js.copy_failed");
    }
  });
  loadLoader();
  update();
}
