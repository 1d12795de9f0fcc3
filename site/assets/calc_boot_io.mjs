// The fast start's reading and fetching (assets/calc_boot.mjs), apart so that its helper worker
// (calc_boot_helper.mjs) can do the same on another thread: compiling WebAssembly, fetching and
// unpacking the site-packages wheel, and reading and writing the kept memory snapshot.

// Timings for bench/run.py: posted on a BroadcastChannel (nobody listens on a normal visit) as
// absolute times, since a worker's performance.now() has another origin than the page's.
const channel = globalThis.BroadcastChannel ? new BroadcastChannel("calc-boot-marks") : null;
export const mark = (name) => channel?.postMessage({ name, time: performance.timeOrigin + performance.now() });

/**
 * The jobs of a start that calc_boot.mjs gives its helper worker, or does itself when the
 * helper fails: each returns what the start needs, in a form that can be transferred.
 */
export const JOBS = {
  /** The kept snapshot's bytes (an ArrayBuffer), or null. */
  snapshot: async (cacheName, key) => {
    const buffer = await readSnapshot(cacheName, key);
    mark("boot:snapshot-read");
    return buffer;
  },
  /** A compiled WebAssembly.Module. */
  wasm: (url) => compileWasm(url),
  /** The site-packages wheel's files: [[name, bytes], ...]. */
  bundle: async (url) => {
    const bytes = await fetchBytes(url);
    mark("boot:bundle-fetched");
    return unzip(bytes);
  },
};

/**
 * Compile a WebAssembly file of the fast start, from the browser's HTTP cache if it is there.
 * V8 keeps the compiled code of a module with its HTTP cache entry and uses it on the next
 * visit; a module the service worker answers from Cache Storage is compiled afresh every time
 * (measured in Chromium: no code cache hit, and about 70 ms more to a second visit's start on a
 * 2-core machine). The service worker leaves "only-if-cached" requests to the browser; the
 * files' names change with their content, so a copy found in the HTTP cache, however old, is
 * the right one. Not there (a first visit, an evicted cache): the service worker's copy, or the
 * network. Streaming compilation is what lets the browser keep the compiled code.
 */
export async function compileWasm(url) {
  try {
    return await WebAssembly.compileStreaming(
      fetch(url, { cache: "only-if-cached", mode: "same-origin" }));
  } catch {
    // not in the HTTP cache
  }
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    return WebAssembly.compile(await fetchBytes(url)); // e.g. a host without application/wasm
  }
}

export async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** [[name, bytes], ...] of a zip file (stored or deflated entries, no zip64). */
export async function unzip(buf) {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let end = buf.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip file");
  const count = view.getUint16(end + 10, true);
  const names = new TextDecoder();
  const entries = [];
  for (let i = 0, p = view.getUint32(end + 16, true); i < count; i++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new Error("bad zip directory");
    const method = view.getUint16(p + 10, true);
    const size = view.getUint32(p + 20, true);
    const nameLength = view.getUint16(p + 28, true);
    const local = view.getUint32(p + 42, true);
    const name = names.decode(buf.subarray(p + 46, p + 46 + nameLength));
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = buf.subarray(start, start + size);
    if (method !== 0 && method !== 8) throw new Error(`${name}: zip method ${method}`);
    if (!name.endsWith("/")) entries.push([name, method === 8 ? inflate(data) : data]);
  }
  return Promise.all(entries.map(async ([name, data]) => [name, await data]));
}

// The snapshot is a copy of the whole WebAssembly heap (36 MiB), and four in ten of its 64 KiB
// pages are zeros. It is kept without them, which makes the read that every later visit waits
// for 40 % shorter: [magic, length, page size, page count, the pages' indices, their bytes].
const PACKED = 0x31535043; // "CPS1" as a little-endian u32
const PAGE = 65536;

/** The snapshot without its zero pages (done after the page is ready, off the start's path). */
export function packSnapshot(snapshot) {
  if (snapshot.byteOffset % 4) snapshot = snapshot.slice();
  const words = new Uint32Array(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength >> 2);
  const covered = words.length * 4; // the last 1-3 bytes, if any, are looked at one by one
  const kept = [];
  for (let start = 0; start < snapshot.byteLength; start += PAGE) {
    const stop = Math.min(snapshot.byteLength, start + PAGE);
    let zero = true;
    for (let i = start >> 2; zero && i < Math.min(stop, covered) >> 2; i++) zero = words[i] === 0;
    for (let i = Math.max(start, covered); zero && i < stop; i++) zero = snapshot[i] === 0;
    if (!zero) kept.push(start / PAGE);
  }
  const head = new Uint32Array([PACKED, snapshot.byteLength, PAGE, kept.length, ...kept]);
  const parts = [head, ...kept.map((page) => snapshot.subarray(page * PAGE, (page + 1) * PAGE))];
  return new Blob(parts);
}

/**
 * A kept snapshot, as read from Cache Storage: what Pyodide's restoreSnapshot needs to check it
 * (`header`: its magic number, build id and JSON, the bytes before the heap), the heap's size
 * (`heapBytes`), and `copyHeap(heap, dirty)`, which writes the heap into Pyodide's memory
 * (`heap`, as large as the snapshot's heap or larger) straight from the pages kept, and zeros
 * over the pages left out where the memory may not be zero yet (below `dirty`: memory grown
 * since is zero). A whole snapshot (as kept before this format) is read the same way.
 */
export function snapshotParts(buffer) {
  const bytes = new Uint8Array(buffer);
  const head = new Uint32Array(buffer, 0, Math.min(4, buffer.byteLength >> 2));
  if (head[0] !== PACKED) {
    const headerBytes = pyodideHeaderBytes(bytes);
    return {
      header: bytes.slice(0, headerBytes),
      heapBytes: bytes.byteLength - headerBytes,
      copyHeap: (heap) => heap.set(bytes.subarray(headerBytes)),
    };
  }
  const [, length, page, count] = head;
  const pages = new Uint32Array(buffer, 16, count);
  const start = 16 + 4 * count;
  const sizes = [...pages].map((index) => Math.min(page, length - index * page));
  if (start + sizes.reduce((sum, size) => sum + size, 0) !== buffer.byteLength || pages[0] !== 0) {
    throw new Error("the saved Python snapshot is damaged");
  }
  const headerBytes = pyodideHeaderBytes(bytes.subarray(start, start + sizes[0]));
  // The snapshot's byte `at` is the heap's byte `at - headerBytes`.
  const zero = (heap, from, to, dirty) => {
    const [a, b] = [Math.max(0, from - headerBytes), Math.min(dirty, to - headerBytes)];
    if (a < b) heap.fill(0, a, b);
  };
  return {
    header: bytes.slice(start, start + headerBytes),
    heapBytes: length - headerBytes,
    copyHeap: (heap, dirty) => {
      let at = start;
      let next = 0; // the snapshot's byte after the last page written
      pages.forEach((index, i) => {
        zero(heap, next, index * page, dirty);
        const skip = Math.max(0, headerBytes - index * page);
        heap.set(bytes.subarray(at + skip, at + sizes[i]), index * page + skip - headerBytes);
        at += sizes[i];
        next = index * page + sizes[i];
      });
      zero(heap, next, length, dirty);
    },
  };
}

/** The length of Pyodide's snapshot header (its second u32), checked to lie in the bytes. */
function pyodideHeaderBytes(bytes) {
  if (bytes.byteLength < 16) throw new Error("the saved Python snapshot is damaged");
  const length = new DataView(bytes.buffer, bytes.byteOffset, 16).getUint32(4, true);
  if (length < 16 || length > bytes.byteLength || length % 4) {
    throw new Error("the saved Python snapshot is damaged");
  }
  return length;
}

/** The kept snapshot's parts (snapshotParts), or null if none is kept under `key`. */
export async function readSnapshot(cacheName, key) {
  const hit = await (await caches.open(cacheName)).match(key);
  return hit ? await hit.arrayBuffer() : null;
}
