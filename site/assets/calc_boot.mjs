// PyScript's interpreter module for the calculator (runtime.js passes its URL as `version`):
// it exports what PyScript expects of pyodide.mjs (`loadPyodide`, `version`), and starts
// Pyodide faster. PyScript still does everything else (worker, config, calc_worker.py).
//
//  1. stdlib and site-packages precompiled to .pyc with Pyodide's own CPython, the stdlib
//     trimmed to the modules in use (tools/fastboot_build.py; a module left out is fetched
//     on first import by calc_boot.py), site-packages as one wheel unpacked in a preRun hook.
//     pydantic_core's shared library is served apart as .wasm, compiled while it downloads (so
//     the browser keeps the compiled code) and loaded in that hook, before the runtime starts,
//     so it lands at the same memory and table addresses on every start.
//  2. a memory snapshot, taken in the visitor's own browser after the first start and kept in
//     Cache Storage without its zero pages (calc_boot_io.mjs); later visits restore it instead
//     of starting CPython and importing calc, and read it while Pyodide creates its module.
//  3. the reading, fetching and compiling done by a helper worker (calc_boot_helper.mjs), on
//     another thread than the one that imports Pyodide and creates its module.
//
// Each level falls back to the one below it on any error: snapshot → fresh fast start →
// Pyodide's standard start (stock stdlib, wheels from the lock file, as PyScript alone does);
// tests/e2e/test_runtime.py breaks each level on purpose.
// Pyodide internals used here (pin Pyodide 314.0.7, re-check on every upgrade):
// createPyodideModule (experimental), _loadSnapshot/_makeSnapshot/makeMemorySnapshot (private),
// Module.API.restoreSnapshot, Module.growMemory, Module.loadWebAssemblyModule,
// Module.preloadedWasm, Module.loadDynamicLibrary, pyodide.loadedPackages emptied while the
// snapshot is taken, Pyodide's snapshot header (its length is the second u32), and that
// Pyodide 314 reads no more than "there is one" from _loadSnapshot before it creates its
// module. The README's speed section gives the measurements behind each step.
import { loadPyodide as loadStock, version } from "./pyodide/pyodide.mjs";
import { JOBS, compileWasm, mark, packSnapshot, snapshotParts } from "./calc_boot_io.mjs";

export { version };

const here = (path) => new URL(path, import.meta.url).href;
const PYODIDE = here("./pyodide/");
// "snapshot" (default), "fast" (no snapshot) or "standard": chosen by runtime.js, for
// benchmarks and tests only.
const PARAMS = new URL(import.meta.url).searchParams;
const MODE = PARAMS.get("boot") || "snapshot";
const SNAPSHOTS = "calc-python-snapshot";

mark("boot:module"); // timings for bench/run.py (calc_boot_io.mjs)

// The manifest (pyodide/fastboot.json): given in this module's URL by runtime.js when the page
// has it (no request), else fetched now, before PyScript calls loadPyodide.
function inlineManifest() {
  try {
    return PARAMS.has("m") ? JSON.parse(PARAMS.get("m")) : null;
  } catch {
    return null;
  }
}
const manifest = MODE === "standard" ? null
  : inlineManifest() ? Promise.resolve(inlineManifest())
  : fetch(here("./pyodide/fastboot.json"), { cache: "no-cache" }).then((r) => {
    if (!r.ok) throw new Error(`fastboot.json: HTTP ${r.status}`);
    return r.json();
  });
manifest?.catch(() => {});
// Pyodide would import its 1.25 MB module only after reading the snapshot: start it now.
const asmModule = manifest ? import("./pyodide/pyodide.asm.mjs") : null;
asmModule?.catch(() => {});
// The reading, fetching and compiling below are done by a worker of our own
// (calc_boot_helper.mjs), on another thread than this one, which is busy importing Pyodide's
// JavaScript and creating its module. A job the helper fails is done here.
let helper = manifest ? startHelper() : null;
const pending = new Map();
let jobs = 0;

function startHelper() {
  try {
    const worker = new Worker(here("./calc_boot_helper.mjs"), { type: "module", name: "calc-boot-helper" });
    worker.onmessage = ({ data: { id, value, error } }) => {
      const job = pending.get(id);
      pending.delete(id);
      if (error === undefined) job?.resolve(value);
      else job?.reject(new Error(error));
    };
    worker.onerror = (event) => { // e.g. its module could not be loaded
      event.preventDefault();
      if (helper === worker) stopHelper(); // the jobs out, and any asked later, are done here
    };
    return worker;
  } catch {
    return null; // e.g. no nested workers: every job is done here
  }
}

/** Once the start is over: the helper's thread is given back (a job still out is redone here). */
function stopHelper() {
  helper?.terminate();
  helper = null;
  for (const job of pending.values()) job.reject(new Error("calc_boot_helper.mjs stopped"));
  pending.clear();
}

/** One of JOBS, done by the helper, else (or if it fails) on this thread. */
function offload(job, args) {
  const here_ = () => JOBS[job](...args);
  if (!helper) return here_();
  const id = ++jobs;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    helper.postMessage({ id, job, args });
  }).catch(() => here_());
}

// Pyodide's 9.6 MB of WebAssembly, which Pyodide fetches only once PyScript calls
// loadPyodide: compiled from now, here, while the module above is imported (the browser keeps
// its compiled code, so this is short), then handed to Pyodide (below). The fast start's copy
// has a name that changes with its content (manifest.asm_wasm).
const ASM_WASM = here("./pyodide/pyodide.asm.wasm"); // what Pyodide itself asks for
const asmWasm = manifest?.then((m) => compileWasm(m.asm_wasm ? here(m.asm_wasm) : ASM_WASM));
asmWasm?.catch(() => {});
let bundle = null; // the site-packages wheel, fetched and unpacked once per worker
let libraries = null; // its shared libraries, compiled once per worker
const snapshotKey = (m) => here(`./pyodide/__snapshot__/${m.key}`);
// The saved snapshot, looked up as soon as the manifest is known, and read at once (the read
// takes longest of all): {cache, bytes} or null; bytes is null when there is none, else a
// promise of them, awaited once Pyodide's module is created (createModule).
const saved = MODE !== "snapshot" || !globalThis.caches || !manifest ? Promise.resolve(null)
  : manifest.then(async (m) => {
    const key = snapshotKey(m);
    const cache = await caches.open(SNAPSHOTS);
    if (!await cache.match(key)) return { cache, bytes: null };
    const bytes = offload("snapshot", [SNAPSHOTS, key])
      .then((read) => read ?? Promise.reject(new Error("the saved Python snapshot is gone")));
    bytes.catch(() => {}); // awaited in createModule
    return { cache, bytes };
  }).catch(() => null);
manifest?.then((m) => prefetch(m)).catch(() => {});

/**
 * Pyodide's createPyodideModule, made for one start. `snapshot`: null, or a promise of the
 * saved snapshot's bytes, awaited only once the module is created, so that reading them from
 * Cache Storage and creating the module happen at the same time.
 */
function createModule(m, snapshot) {
  return async (settings) => {
    let failure = null; // a preRun hook's rejection is ignored by Emscripten: rethrown below
    settings.preRun.push(async (Module) => {
      Module.addRunDependency("calc-site-packages");
      mark("boot:prerun-start");
      try {
        const site = m.site_packages;
        const folders = new Set(); // mkdirTree goes through every level of a path each time
        for (const [name, data] of await bundle) {
          const path = `${site}/${name}`;
          const folder = path.slice(0, path.lastIndexOf("/"));
          if (!folders.has(folder)) Module.FS.mkdirTree(folder);
          folders.add(folder);
          Module.FS.writeFile(path, data);
        }
        // The shared libraries are loaded now, before the runtime starts, so that each lands
        // at the same memory and table addresses on every start, which a snapshot relies on.
        // This is what Emscripten's own preload plugin does; Python's dlopen() of the same
        // path later finds the library already loaded and reuses it.
        mark("boot:site-packages-written");
        const flags = { loadAsync: true, global: true, nodelete: true };
        for (const [index, lib] of m.shared_libraries.entries()) {
          const path = `${site}/${lib.path}`;
          const compiled = await libraries[index];
          Module.preloadedWasm[path] = await Module.loadWebAssemblyModule(compiled, flags, path, {});
          await Module.loadDynamicLibrary(path, flags);
        }
        mark("boot:prerun-done");
      } catch (error) {
        failure = error;
      } finally {
        Module.removeRunDependency("calc-site-packages");
      }
    });
    const { default: create } = await asmModule;
    mark("boot:asm-imported");
    const Module = await create(settings);
    if (failure) throw failure;
    const parts = snapshot && snapshotParts(await snapshot);
    if (parts) mark("boot:snapshot-ready");
    const restore = Module.API.restoreSnapshot;
    // Pyodide calls this with what _loadSnapshot gave it (SNAPSHOT_COMING): the bytes are ours.
    // Pyodide's own restore is given the snapshot's header alone, to check its magic number and
    // build id and read its JSON; the heap is written here, from the pages kept.
    Module.API.restoreSnapshot = () => {
      const need = parts.heapBytes;
      const dirty = Module.HEAP8.length; // memory grown below is zero already
      // Pyodide 314 ignores INITIAL_MEMORY (pyodide#6254): grow the heap to the snapshot's size.
      if (Module.HEAP8.length < need) Module.growMemory(need);
      if (Module.HEAP8.length < need) throw new Error(`cannot grow wasm memory to ${need} bytes`);
      const result = restore(parts.header);
      parts.copyHeap(Module.HEAP8, dirty);
      if (Module.HEAP8.length > need) Module.HEAP8.fill(0, need); // malloc expects zeros past the break
      return result;
    };
    return Module;
  };
}

function prefetch(m) {
  libraries ??= m.shared_libraries.map((lib) => offload("wasm", [here(lib.url)]));
  bundle ??= offload("bundle", [here(m.bundle)]);
  for (const promise of [bundle, ...libraries]) promise.catch(() => {}); // awaited in preRun
}

// Pyodide's WebAssembly calls, replaced once for the life of this worker, never restored: a
// start abandoned by failFast may never settle, so a replacement scoped to one start could
// not be put back safely.
// - Hand-over: Pyodide's own fetch of pyodide.asm.wasm gets a placeholder, and its
//   instantiateStreaming of that placeholder instantiates the module compiled above instead
//   (if that compilation failed, Pyodide's fetch is made after all). Any other call goes
//   through untouched.
// - Failure watch: a failed instantiation is reported to the start running now (failFast).
let reportWasmFailure = () => {};
{
  const { fetch: realFetch } = globalThis;
  const { instantiate, instantiateStreaming } = WebAssembly;
  const placeholder = new Response(null);
  const watched = (original) => function (...args) {
    const result = original.apply(this, args);
    result.catch((error) => reportWasmFailure(error));
    return result;
  };
  const streaming = watched(instantiateStreaming);
  if (asmWasm) {
    globalThis.fetch = function (input, init) {
      if (String(input) === ASM_WASM) return Promise.resolve(placeholder);
      return realFetch.call(this, input, init);
    };
  }
  WebAssembly.instantiate = watched(instantiate);
  WebAssembly.instantiateStreaming = async function (source, imports) {
    const response = await source;
    if (response !== placeholder) return streaming.call(this, response, imports);
    let module;
    try {
      module = await asmWasm;
    } catch {
      return streaming.call(this, realFetch(ASM_WASM), imports);
    }
    mark("boot:wasm-compiled");
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

// What Pyodide is given as the snapshot to restore (_loadSnapshot): it awaits that before it
// creates its module, and from it only learns that there is one (noInitialRun) and its size
// (INITIAL_MEMORY, which Pyodide 314 ignores, see restoreSnapshot above). The bytes are handed
// over in createModule once they are read, while the module is created.
const SNAPSHOT_COMING = new Uint8Array(0);

/** Pyodide's start; `snapshot`: null, or a promise of the bytes of the snapshot to restore. */
function start(options, m, snapshot, makeSnapshot) {
  prefetch(m);
  return loadStock({
    ...options,
    indexURL: PYODIDE,
    stdLibURL: here(m.stdlib),
    lockFileContents: m.lock,
    packageBaseUrl: PYODIDE,
    createPyodideModule: createModule(m, snapshot),
    _loadSnapshot: snapshot ? SNAPSHOT_COMING : undefined,
    _makeSnapshot: makeSnapshot,
  });
}

function takeSnapshot(py) {
  // pyodide.loadedPackages (hiwire slot 6) must be {} while the snapshot is taken.
  const loaded = py.loadedPackages;
  const saved = { ...loaded };
  for (const key of Object.keys(loaded)) delete loaded[key];
  try {
    return py.makeMemorySnapshot();
  } finally {
    Object.assign(loaded, saved);
  }
}

async function fastStart(options, m) {
  const key = snapshotKey(m);
  const { cache = null, bytes = null } = (await saved) ?? {};
  mark(bytes ? "boot:snapshot-found" : "boot:no-snapshot");
  if (bytes) {
    try {
      const py = await start(options, m, bytes, false);
      mark("boot:restored");
      py.runPython("import calc_boot; calc_boot.after_restore()"); // one real pydantic_core call
      mark("boot:checked");
      return py;
    } catch (error) {
      console.warn("calc_boot: the saved Python snapshot could not be used; starting afresh", error);
      await cache.delete(key).catch(() => {});
    }
  }
  const py = await start(options, m, null, Boolean(cache));
  mark("boot:started");
  py.runPython(`import calc_boot\ncalc_boot.install(${JSON.stringify(here(m.full_stdlib))})\ncalc_boot.warm_up()`);
  mark("boot:warmed");
  if (cache) {
    const snapshot = takeSnapshot(py);
    mark("boot:snapshot-taken");
    setTimeout(async () => {
      try {
        for (const old of await cache.keys()) if (old.url !== key) await cache.delete(old);
        const packed = packSnapshot(snapshot);
        await cache.put(key, new Response(packed, { headers: { "content-type": "application/octet-stream" } }));
        mark("boot:snapshot-stored");
      } catch (error) {
        console.warn("calc_boot: could not keep the Python snapshot", error);
      }
    }, 0);
  }
  return py;
}

/**
 * Run `work` (a Pyodide start), failing as soon as its WebAssembly cannot be fetched or
 * compiled. Pyodide 314 only logs "wasm instantiation failed!" then and never settles, which
 * would leave the page loading for ever; the failure is seen where WebAssembly is called
 * (the failure watch above).
 */
async function failFast(work) {
  const failed = new Promise((_, reject) => { reportWasmFailure = reject; });
  try {
    return await Promise.race([work(), failed]);
  } finally {
    reportWasmFailure = () => {};
  }
}

/** PyScript calls this with its own options (stdout, stderr, indexURL of this module). */
export async function loadPyodide(options = {}) {
  mark("boot:load-called");
  if (manifest) {
    try {
      return await failFast(async () => fastStart(options, await manifest));
    } catch (error) {
      console.warn("calc_boot: fast start failed; using Pyodide's standard start", error);
    } finally {
      setTimeout(stopHelper, 1000); // terminating it takes a few ms: not on the way to ready
    }
  }
  return failFast(() => loadStock({ ...options, indexURL: PYODIDE }));
}
