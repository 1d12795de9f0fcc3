// Starts the calculator's Python as early as possible: hooks/pyruntime.py puts this module,
// async, in the <head> of the calculator page only, so the worker and Pyodide load while the
// rest of the page is still being parsed and set up. main.js later joins the same start
// (a module is evaluated once per page) and shows its progress and any error.
// Inside another site's frame where the browser denies storage, Python starts without any
// (storage.js): PyScript gets an in-memory IndexedDB first.
import { prepareStorage } from "../javascripts/calculator/storage.js";

await prepareStorage();
const { startRuntime } = await import("../javascripts/calculator/runtime.js");
startRuntime().catch(() => {}); // reported by runtime.js to main.js's progress listener
