// Whether this page may use storage. Browsers that block third-party storage deny IndexedDB to
// the embed inside another site's page; PyScript will not start without one. There,
// `withoutStorage()` puts an in-memory IndexedDB in its place, on the page and in PyScript's
// worker, and Python starts without storage (more slowly: nothing is kept between visits).
// Asked by assets/calc_start.js and main.js before Python starts.

let answer = null;

/** Resolves to true when this page may not use IndexedDB (asked once per page). */
export function storageBlocked() {
  answer ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open("lumpsum-storage-check");
      request.onsuccess = () => {
        request.result.close();
        indexedDB.deleteDatabase("lumpsum-storage-check");
        resolve(false);
      };
      request.onerror = () => resolve(true);
    } catch {
      resolve(true);
    }
  });
  return answer;
}

let replaced = null;

/**
 * Inside another site's frame that the browser denies storage, put the in-memory stand-in in
 * place (before PyScript is imported). Resolves to whether it did: Python then starts without
 * storage.
 */
export async function prepareStorage() {
  const denied = window.parent !== window && await storageBlocked();
  if (denied) await withoutStorage();
  return denied;
}

/**
 * Before PyScript is imported: an in-memory IndexedDB for the page, and for every module worker
 * it starts (PyScript's), one installed before the worker's own code runs. The stand-in is
 * imported here, when it is needed, and not with this module: a static import would put its
 * request on the way of every page's start.
 */
export function withoutStorage() {
  replaced ??= replace();
  return replaced;
}

async function replace() {
  const { installMemoryIndexedDB } = await import("./memory_idb.js");
  installMemoryIndexedDB(window);
  // PyScript writes its worker's code into a Blob in the page. The code of such a Blob is kept
  // here, by its blob: URL, so that the worker can be started with the installer imported
  // first: reading the Blob back would be asynchronous, and fetching a blob: URL is not
  // allowed by the page's policy (connect-src 'self').
  const RealBlob = window.Blob;
  const texts = new WeakMap();
  const byURL = new Map();
  window.Blob = class extends RealBlob {
    constructor(parts = [], options = undefined) {
      super(parts, options);
      if (Array.isArray(parts) && parts.every((part) => typeof part === "string")) {
        texts.set(this, parts.join(""));
      }
    }
  };
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (object) => {
    const url = createObjectURL(object);
    if (texts.has(object)) byURL.set(url, texts.get(object));
    return url;
  };
  const RealWorker = window.Worker;
  const installer = new URL("./memory_idb_worker.js", import.meta.url).href;
  window.Worker = class extends RealWorker {
    constructor(url, options = {}) {
      const code = byURL.get(String(url));
      if (options?.type !== "module" || code === undefined) {
        super(url, options);
        return;
      }
      // The same code, with the installer imported first (imports run in order, before it).
      const wrapped = `import ${JSON.stringify(installer)};\n${code}`;
      super(createObjectURL(new RealBlob([wrapped], { type: "text/javascript" })), options);
    }
  };
}
