// The Python side of the calculator: one PyScript worker per page load, running the real
// `calc` wheel under Pyodide. Everything is served from our own origin (assets/pyodide,
// assets/pyscript, written by hooks/pyruntime.py); nothing here knows any pension rule.

import "./pyconfig.js"; // first: PyScript reads it when its core module is evaluated
import { PyWorker } from "../../assets/pyscript/core.js";

const asset = (path) => new URL(`../../assets/${path}`, import.meta.url).href;

// PyScript's interpreter is our assets/calc_boot.mjs, which wraps Pyodide's loadPyodide with a
// faster start (precompiled stdlib and packages, a memory snapshot kept by the browser) and
// falls back to Pyodide's standard start by itself. `?pyboot=` on the page URL picks another
// start, for benchmarks and tests only: fast (no snapshot), standard, or pyscript (PyScript
// loading pyodide.mjs itself, as before calc_boot.mjs existed).
function interpreterURL() {
  const mode = new URLSearchParams(location.search).get("pyboot");
  if (mode === "pyscript") return asset("pyodide/pyodide.mjs");
  const query = new URLSearchParams();
  if (mode === "fast" || mode === "standard") query.set("boot", mode);
  // hooks/pyruntime.py puts the fast start's manifest in the page, which saves calc_boot.mjs
  // a request before it can start; without it, calc_boot.mjs fetches fastboot.json.
  const manifest = document.querySelector('meta[name="calc-fastboot"]')?.content;
  if (manifest) query.set("m", manifest);
  return asset(`calc_boot.mjs${query.size ? `?${query}` : ""}`);
}

// Progress is estimated by stage, since the worker cannot report byte counts to this thread
// without cross-origin isolation. Within a stage the bar creeps towards the stage's end so a
// slow connection never looks frozen; it only jumps when a stage really completes.
// Stage ends and typical durations were measured on a 2-core machine (cold visit, localhost).
// With calc_boot.mjs the first stage does nearly everything; the others are there for its
// fallback, Pyodide's standard start.
const STAGES = [
  { until: 90, typical_ms: 1500 }, // runtime fetched, Python started (fast start: calc imported)
  { until: 95, typical_ms: 300 }, // calc + pydantic wheels installed (standard start only)
  { until: 99, typical_ms: 300 }, // rules imported, first estimate made
];

let started = null;
const listeners = new Set();
let last = { percent: 0, state: "loading" };

function report(update) {
  last = { ...last, ...update };
  for (const listener of listeners) listener(last);
}

function creep(from, stage) {
  const t0 = performance.now();
  const timer = setInterval(() => {
    const share = 1 - Math.exp(-(performance.now() - t0) / stage.typical_ms);
    report({ percent: Math.floor(from + (stage.until - from) * 0.9 * share) });
  }, 100);
  return () => clearInterval(timer);
}

async function stage(index, from, work) {
  const stop = creep(from, STAGES[index]);
  try {
    return await work();
  } finally {
    stop();
    report({ percent: STAGES[index].until });
  }
}

async function boot() {
  report({ percent: 2 });
  const worker = await stage(0, 2, () =>
    PyWorker(asset("calc_worker.py"), {
      // Required: without `version`, PyScript fetches Pyodide from its default CDN.
      version: interpreterURL(),
      // No `packages` here: calc_worker.py installs them itself, so we can report the stage.
      config: {},
    }),
  );
  // performance marks let anyone measure the boot (DevTools, or the e2e timing script).
  performance.mark("calc:python-started");
  const py = worker.sync;
  // With calc_boot.mjs's start, install() finds calc in place and warms it up at once.
  const warmed = await stage(1, STAGES[0].until, () => py.install());
  performance.mark("calc:packages-installed");
  const about = JSON.parse(warmed ?? await stage(2, STAGES[1].until, () => py.warm_up()));
  performance.mark("calc:ready");
  report({ percent: 100, state: "ready" });
  return {
    about,
    // `lang`: a language code of the engine's message catalogue (default: the engine's, "en").
    estimate: async (claim, lang) => JSON.parse(await (lang === undefined
      ? py.estimate_json(JSON.stringify(claim))
      : py.estimate_json(JSON.stringify(claim), lang))),
    // The claim kit ({claim, details}): its answer, and its plan as an iCalendar file. The
    // details go to the worker inside the browser, never over the network.
    kit: async (request, lang = "en") => JSON.parse(await py.kit_json(JSON.stringify(request), lang)),
    calendar: async (request, lang = "en") =>
      JSON.parse(await py.calendar_json(JSON.stringify(request), lang)),
  };
}

/** Start the runtime once per page load (it survives Material's instant navigation). */
export function startRuntime() {
  started ??= boot().catch((error) => {
    performance.mark("calc:failed"); // lets the page's search start (hooks/search.py)
    // `error` as the browser gave it; main.js says it in the page's language (ui.js.load_failed).
    report({ state: "error", error: String(error?.message ?? error) });
    throw error;
  });
  return started;
}

/** Call `listener({percent, state, error})` now and on every progress change. */
export function onProgress(listener) {
  listeners.add(listener);
  listener(last);
  return () => listeners.delete(listener);
}
