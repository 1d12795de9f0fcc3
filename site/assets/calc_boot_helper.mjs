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
import { JOBS } from "./calc_boot_io.mjs";

/** What of a job's result is moved to calc_boot.mjs's thread rather than copied. */
const TRANSFER = {
  snapshot: (buffer) => (buffer ? [buffer] : []),
  wasm: () => [], // a compiled module is shared, never copied
  bundle: (entries) => [...new Set(entries.map(([, data]) => data.buffer))],
};

self.onmessage = async ({ data: { id, job, args } }) => {
  try {
    const value = await JOBS[job](...args);
    self.postMessage({ id, value }, TRANSFER[job](value));
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
  }
};
