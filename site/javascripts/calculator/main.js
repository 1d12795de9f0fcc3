// Entry point of the calculator page (an extra_javascript module, loaded on every page).
// It follows Material's document$ so it also works with instant navigation, and does
// nothing on pages without #calculator. The form works at once; Python loads behind it.

import { CalculatorForm } from "./form.js";
import { readClaimFromUrl, writeClaimToUrl } from "./link.js";
import { ResultView } from "./result.js";
import { lang, t } from "./strings.js";

const DEBOUNCE_MS = 150;

function setUpStatus(root, runtime) {
  const text = root.querySelector("#calc-status-text");
  const bar = root.querySelector("#calc-progress");
  const status = root.querySelector("#calc-status");
  return runtime.onProgress(({ percent, label, state }) => {
    status.dataset.state = state;
    bar.value = percent;
    bar.hidden = state !== "loading";
    // The bar moves smoothly; the text (a live region) only in steps of 10%, so a screen
    // reader is not told every tick.
    const message = state === "loading" ? `${t("ui.js.loading")} ${Math.floor(percent / 10) * 10}%`
      : state === "ready" ? t("ui.js.ready")
      : label;
    if (text.textContent !== message) text.textContent = message;
  });
}

function loadLink(form, linkError) {
  const { claim, error } = readClaimFromUrl();
  linkError.hidden = true;
  if (error || (claim && !form.fill(claim))) {
    form.reset();
    linkError.hidden = false;
    linkError.textContent = t("ui.js.link_error");
    return false;
  }
  return Boolean(claim);
}

async function init(root) {
  if (root.dataset.initialised) return;
  root.dataset.initialised = "true";

  const form = new CalculatorForm(root);
  const view = new ResultView(root.querySelector("#result"));
  const linkError = root.querySelector("#calc-link-error");
  let api = null;
  let timer = 0;
  let latest = 0;

  // aria-busy tells screen readers (and tests) that a newer result is on its way, so the
  // live region is not read out for every intermediate keystroke.
  const region = root.querySelector("#result");
  const busy = (on) => (on ? region.setAttribute("aria-busy", "true") : region.removeAttribute("aria-busy"));

  async function compute() {
    const { claim, fields } = form.read();
    if (form.dirty) writeClaimToUrl(claim);
    if (!api) return; // computed as soon as Python is ready, from whatever is typed by then
    const ticket = ++latest;
    const answer = await api.estimate(claim, lang);
    if (ticket !== latest || !root.isConnected) return; // a newer edit has superseded this one
    if (!timer) busy(false); // else an edit is waiting out the debounce: more to come
    if (answer.ok) {
      form.clearErrors();
      view.estimate(answer.estimate);
    } else {
      const { shown, pending } = form.showErrors(answer.errors, fields);
      view.problems(shown, pending);
    }
    performance.mark("calc:result-rendered"); // read by bench/run.py (input → result)
  }

  const schedule = () => {
    busy(true);
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = 0;
      compute().catch(reportBug);
    }, DEBOUNCE_MS);
  };
  const reportBug = (error) => {
    busy(false);
    console.error(error);
    view.failed(t("ui.js.compute_failed"));
  };

  form.onChange(schedule);
  loadLink(form, linkError);
  performance.mark("calc:form-ready"); // the form takes input from here on, before any Python
  window.addEventListener("hashchange", () => {
    if (!root.isConnected) return;
    loadLink(form, linkError);
    schedule();
  });

  // PyScript is imported only here, so other pages never load it.
  const runtime = await import("./runtime.js");
  setUpStatus(root, runtime);
  runtime.onProgress(({ label, state }) => {
    if (state === "loading") view.loading(t("ui.result_loading"));
    if (state === "error") {
      busy(false);
      view.failed(label);
    }
  });
  try {
    api = await runtime.startRuntime();
  } catch {
    return; // shown by the progress listener above
  }
  await compute().catch(reportBug);
}

function boot() {
  const root = document.getElementById("calculator");
  if (root) init(root);
}

// Material's document$ emits on the first load and after each instant navigation.
if (window.document$) window.document$.subscribe(boot);
else boot();
