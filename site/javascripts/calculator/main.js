// Entry point of the calculator page (an extra_javascript module, loaded on every page).
// It follows Material's document$ so it also works with instant navigation, and does
// nothing on pages without #calculator. The form works at once; Python loads behind it.

import { withCountries } from "./countries.js";
import { CalculatorForm } from "./form.js";
import { reportHeight } from "./frame.js";
import { readClaimFromUrl, writeClaimToUrl } from "./link.js";
import { ResultView } from "./result.js";
import { setUpSharing } from "./share.js";
import { prepareStorage } from "./storage.js";
import { lang, t } from "./strings.js";

function setUpStatus(root, runtime) {
  const text = root.querySelector("#calc-status-text");
  const bar = root.querySelector("#calc-progress");
  const status = root.querySelector("#calc-status");
  return runtime.onProgress(({ percent, state, error }) => {
    status.dataset.state = state;
    bar.value = percent;
    bar.hidden = state !== "loading";
    // The bar moves smoothly; the text (a live region) only in steps of 10%, so a screen
    // reader is not told every tick.
    const message = state === "loading" ? `${t("ui.js.loading")} ${Math.floor(percent / 10) * 10}%`
      : state === "ready" ? t("ui.js.ready")
      : t("ui.js.load_failed", { error });
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

/** The embed where Python cannot start: say so; its link opens the full calculator. */
function showBlocked(root, view) {
  const message = t("ui.js.embed_blocked");
  root.querySelector("#calc-status").dataset.state = "error";
  root.querySelector("#calc-status-text").textContent = message;
  root.querySelector("#calc-progress").hidden = true;
  view.failed(message);
}

async function init(root) {
  if (root.dataset.initialised) return;
  root.dataset.initialised = "true";

  const form = new CalculatorForm(root);
  // The claim kit's page reads the same answers (kit.js): the form, and an event per edit.
  root.lscForm = form;
  const view = new ResultView(root.querySelector("#result"));
  const linkError = root.querySelector("#calc-link-error");
  let api = null;
  let asking = false; // a claim is with Python now
  let again = false; // the form changed since that claim was read

  // aria-busy tells screen readers (and tests) that a newer result is on its way, so the
  // live region is not read out for every intermediate keystroke.
  const region = root.querySelector("#result");
  const busy = (on) => (on ? region.setAttribute("aria-busy", "true") : region.removeAttribute("aria-busy"));

  // One claim at a time goes to Python, read from the form when it is sent: edits made while
  // it is out are sent together when it comes back, and a result already superseded by them
  // is never drawn. A calculation and its drawing take a few ms, less than a frame.
  async function compute() {
    if (!api) return; // computed as soon as Python is ready, from whatever is typed by then
    if (asking) {
      again = true;
      return;
    }
    asking = true;
    let answer;
    let fields;
    try {
      do {
        again = false;
        performance.mark("calc:compute-start");
        let claim;
        ({ claim, fields } = form.read());
        performance.mark("calc:estimate-asked");
        answer = await api.estimate(claim, lang);
        performance.mark("calc:estimate-answered");
      } while (again && root.isConnected);
    } finally {
      asking = false;
    }
    if (!root.isConnected) return;
    busy(false);
    if (answer.ok) {
      form.clearErrors();
      view.estimate(answer.estimate);
    } else {
      const { shown, pending } = form.showErrors(answer.errors, fields);
      view.problems(shown, pending);
    }
    performance.mark("calc:result-rendered"); // read by bench/run.py (input → result)
  }

  // The address keeps the answers (#c=…), written after the result is drawn: it is not
  // needed for the result, and a long link takes a moment to encode.
  let linkTimer = 0;
  const keepLink = () => {
    clearTimeout(linkTimer);
    linkTimer = setTimeout(() => {
      if (form.dirty && root.isConnected) writeClaimToUrl(form.read().claim);
    }, 0);
  };

  // The events of one edit (e.g. input and change of a <select>) come in one task: they make
  // one calculation, started in the same task, without waiting for a timer.
  let queued = false;
  const schedule = () => {
    busy(true);
    keepLink();
    root.dispatchEvent(new Event("lsc:input"));
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      compute().catch(reportBug);
    });
  };
  const reportBug = (error) => {
    busy(false);
    console.error(error);
    view.failed(t("ui.js.compute_failed"));
  };

  form.onChange(schedule);
  // ?mode=detailed (an embed option) opens the detailed form; any other value is ignored.
  loadLink(form, linkError);
  if (new URLSearchParams(location.search).get("mode") === "detailed") form.mode = "detailed";
  setUpSharing(root, form);
  if (root.dataset.embed !== undefined) reportHeight(root);
  performance.mark("calc:form-ready"); // the form takes input from here on, before any Python
  // Every country list on the page (the claim kit's too) gets its names off the start's way,
  // for whoever sets a list without reaching it first (countries.js): once Python is ready or
  // has failed, and after 3 s at the latest, so a slow start never leaves them empty.
  const namesLater = () => idle().then(() => withCountries(document));
  setTimeout(namesLater, 3000);
  window.addEventListener("hashchange", () => {
    if (!root.isConnected) return;
    loadLink(form, linkError);
    schedule();
  });

  // Inside another site's frame that the browser denies storage, Python starts without any
  // (storage.js; slower, with the progress shown); only if even that fails does the embed
  // offer the full calculator instead.
  const noStorage = await prepareStorage();

  const failed = (error) => {
    busy(false);
    namesLater(); // the form goes on without Python
    if (noStorage && root.dataset.embed !== undefined) showBlocked(root, view);
    else view.failed(t("ui.js.load_failed", { error }));
  };
  // PyScript is imported only here, so other pages never load it.
  let runtime;
  try {
    runtime = await import("./runtime.js");
  } catch (error) {
    failed(String(error?.message ?? error));
    return;
  }
  setUpStatus(root, runtime);
  runtime.onProgress(({ state, error }) => {
    if (state === "loading") view.loading(t("ui.result_loading"));
    if (state === "error") failed(error);
  });
  try {
    api = await runtime.startRuntime();
  } catch {
    return; // shown by the progress listener above
  }
  await compute().catch(reportBug);
  namesLater();
  warmUp(api, () => !asking && root.isConnected ? form.read().claim : null);
}

// Right after the start, the browser is still compiling Python's hottest WebAssembly functions
// into faster code, and does so only once they run: a few calculations while the reader looks
// at the form (results unused, only in idle time, never while one of the reader's is out) move
// that work before the first edit instead of into it. Measured by bench/run.py (input → result).
const WARM_UP_RUNS = 40;
const idle = () => new Promise((resolve) => (window.requestIdleCallback
  ? requestIdleCallback(resolve, { timeout: 500 }) : setTimeout(resolve, 50)));

async function warmUp(api, nextClaim) {
  try {
    for (let i = 0; i < WARM_UP_RUNS; i++) {
      await idle();
      const claim = nextClaim();
      if (!claim) return;
      await api.estimate(claim, lang);
    }
  } catch {
    // only a warm-up: a real calculation reports its own errors
  }
}

function boot() {
  const root = document.getElementById("calculator");
  if (root) init(root);
  // The "Embed this calculator" page: its code builder and live preview.
  const builder = document.getElementById("lsc-embed-builder");
  if (builder) import("./snippet.js").then(({ initBuilder }) => initBuilder(builder));
  // The claim kit's page: the calculator above, the kit below, one Python worker for both.
  const kit = document.getElementById("claim-kit");
  if (kit && root) {
    const ready = import("./runtime.js").then((runtime) => runtime.startRuntime());
    import("./kit.js").then(({ initKit }) => initKit(kit, root, ready));
  }
}

// Material's document$ emits on the first load and after each instant navigation.
if (window.document$) window.document$.subscribe(boot);
else boot();
