// An IndexedDB that lives in memory, for a page (and its workers) the browser denies storage:
// the embed inside another site's page where third-party storage is blocked. PyScript opens an
// IndexedDB map when it loads (for file-system mounts this calculator never makes) and fails
// to start without one; Python itself needs no storage. So where storage is denied, this
// stands in for it, on the page and in PyScript's worker, and Python starts from the network
// or the HTTP cache: more slowly (no kept snapshot), but it starts. Nothing is stored.
//
// It implements what an IndexedDB key-value map uses: open (with upgrade), object stores and
// their get, put, delete, clear, count, getAll and getAllKeys, each answered asynchronously
// through the request's onsuccess, as IndexedDB does.

const later = (fn) => setTimeout(fn, 0);

function request(run) {
  const req = { result: undefined, error: null, onsuccess: null, onerror: null };
  later(() => {
    try {
      req.result = run();
      req.onsuccess?.({ target: req, type: "success" });
    } catch (error) {
      req.error = error;
      req.onerror?.({ target: req, type: "error" });
    }
  });
  return req;
}

class MemoryStore {
  constructor() {
    this.rows = new Map();
  }
  get(key) { return request(() => this.rows.get(key)); }
  put(value, key) { return request(() => { this.rows.set(key, value); return key; }); }
  add(value, key) { return this.put(value, key); }
  delete(key) { return request(() => { this.rows.delete(key); }); }
  clear() { return request(() => { this.rows.clear(); }); }
  count() { return request(() => this.rows.size); }
  getAll() { return request(() => [...this.rows.values()]); }
  getAllKeys() { return request(() => [...this.rows.keys()]); }
}

class MemoryDatabase {
  constructor(name) {
    this.name = name;
    this.stores = new Map();
  }
  get objectStoreNames() {
    const names = [...this.stores.keys()];
    return Object.assign(names, { contains: (name) => this.stores.has(name) });
  }
  createObjectStore(name) {
    if (!this.stores.has(name)) this.stores.set(name, new MemoryStore());
    return this.stores.get(name);
  }
  transaction(names) {
    const transaction = {
      oncomplete: null, onerror: null, onabort: null,
      objectStore: (name) => this.stores.get(name) ?? this.createObjectStore(name),
      commit() {},
      abort() {},
    };
    later(() => later(() => transaction.oncomplete?.({ target: transaction })));
    return transaction;
  }
  close() {}
}

/** An object with IndexedDB's `open` and `deleteDatabase`, in memory. */
export function memoryIndexedDB() {
  const databases = new Map();
  return {
    open(name) {
      const req = { result: null, error: null, onsuccess: null, onerror: null,
        onupgradeneeded: null, onblocked: null, transaction: null };
      later(() => {
        const fresh = !databases.has(name);
        if (fresh) databases.set(name, new MemoryDatabase(name));
        const db = databases.get(name);
        req.result = db;
        if (fresh && req.onupgradeneeded) {
          const transaction = db.transaction([]);
          req.transaction = transaction;
          req.onupgradeneeded({ target: { result: db, transaction }, type: "upgradeneeded" });
        }
        later(() => req.onsuccess?.({ target: req, type: "success" }));
      });
      return req;
    },
    deleteDatabase(name) {
      return request(() => { databases.delete(name); });
    },
    cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  };
}

/** Put the in-memory IndexedDB in place of the one `scope` is denied. */
export function installMemoryIndexedDB(scope = globalThis) {
  Object.defineProperty(scope, "indexedDB", {
    value: memoryIndexedDB(), configurable: true, writable: true,
  });
}
