// A worker of assets/calc_boot.mjs's own, started by it inside PyScript's worker: it reads the
// kept snapshot, fetches the site-packages wheel and compiles the WebAssembly, on another
// thread, and hands each result over without a copy (buffers are transferred; a compiled
// WebAssembly.Module is shared between the two workers, which belong to the same page).
//
// Why: every part of a start was done on PyScript's worker thread, which is also busy
// importing Pyodide's JavaScript and creating its module. Data read from Cache Storage or the
// network arrives there in chunks, each waiting for a gap between those long tasks: the 36 MiB
// snapshot took 260–480 ms to read on a second visit (2-core machine), against about 90 ms on
// an idle thread. Here each read has a thread to itself.
//
// Messages in: {id, job: "snapshot" | "wasm" | "bundle", args}; out: {id, value} or
// {id, error}. calc_boot.mjs does a job itself when this worker fails or cannot be started.
import { compileWasm, fetchBytes, readSnapshot, unzip } from "./calc_boot_io.mjs";

const channel = globalThis.BroadcastChannel ? new BroadcastChannel("calc-boot-marks") : null;
const mark = (name) => channel?.postMessage({ name, time: performance.timeOrigin + performance.now() });

const JOBS = {
  snapshot: async (cacheName, key) => {
    const buffer = await readSnapshot(cacheName, key);
    mark("boot:snapshot-read");
    return [buffer, buffer ? [buffer] : []];
  },
  wasm: async (url) => [await compileWasm(url), []],
  bundle: async (url) => {
    const entries = await unzip(await fetchBytes(url));
    mark("boot:bundle-fetched");
    return [entries, [...new Set(entries.map(([, data]) => data.buffer))]];
  },
};

self.onmessage = async ({ data: { id, job, args } }) => {
  try {
    const [value, transfer] = await JOBS[job](...args);
    self.postMessage({ id, value }, transfer);
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
  }
};
