// Imported first by PyScript's worker where the page has no storage (storage.js): the worker
// gets the same in-memory IndexedDB as the page, before PyScript's own code runs.
import { installMemoryIndexedDB } from "./memory_idb.js";

installMemoryIndexedDB();
