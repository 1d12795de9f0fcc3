// The Python side of the calculator: one PyScript worker per page load, running the real
// `calc` wheel under Pyodide. Everything is served from our own origin (assets/pyodide,
// assets/pyscript, written by hooks/pyruntime.py); nothing here knows any pension rule.

import { PyWorker } from "../../assets/pyscript/core.js";

const asset = (path) => new URL(`../../assets/${path}`, import.meta.url).href;

// Progress is estimated by stage, since the worker cannot report byte counts to this thread
// without cross-origin isolation. Within a stage the bar creeps towards the stage's end so a
// slow connection never looks frozen; it only jumps when a stage really completes.
// Stage ends and typical durations were measured on a 2-core machine (cold visit, localhost).
const STAGES = [
  { until: 60, typical_ms: 3000 }, // runtime fetched, Python started
  { until: 85, typical_ms: 300 }, // calc + pydantic wheels installed
  { until: 99, typical_ms: 900 }, // rules imported, first estimate made
];
const LOADING = "Loading calculator…";

let started = null;
const listeners = new Set();
let last = { percent: 0, label: LOADING, state: "loading" };

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
      version: asset("pyodide/pyodide.mjs"),
      // No `packages` here: calc_worker.py installs them itself, so we can report the stage.
      config: {},
    }),
  );
  // performance marks let anyone measure the boot (DevTools, or the e2e timing script).
  performance.mark("calc:python-started");
  const py = worker.sync;
  await stage(1, 60, () => py.install());
  performance.mark("calc:packages-installed");
  const about = JSON.parse(await stage(2, 85, () => py.warm_up()));
  performance.mark("calc:ready");
  report({ percent: 100, label: "Calculator ready", state: "ready" });
  return {
    about,
    // The page's language goes with every claim: the engine writes its texts in it.
    estimate: async (claim, lang = "en") => JSON.parse(await py.estimate_json(JSON.stringify(claim), lang)),
  };
}

/** Start the runtime once per page load (it survives Material's instant navigation). */
export function startRuntime() {
  started ??= boot().catch((error) => {
    report({ state: "error", label: `The calculator could not load (${error?.message ?? error}). Reload the page to try again.` });
    throw error;
  });
  return started;
}

/** Call `listener({percent, label, state})` now and on every progress change. */
export function onProgress(listener) {
  listeners.add(listener);
  listener(last);
  return () => listeners.delete(listener);
}
