// Service worker of the lump-sum calculator, written to the site root by hooks/offline.py at
// every build (from tools/templates/sw.js). Do not edit the built copy.
//
// Precached on install: the site's CSS and scripts, the Python runtime (Pyodide), PyScript and
// every wheel, the search index (FILES, found by scanning the built site), and the calculator's
// and the claim kit's pages in the languages of the pages open at that moment (LANGUAGES); a
// language first read later is precached then, once one of its pages is loaded online. Other
// pages and files of the site are kept as they are used, so pages already visited also open
// offline. Both caches carry VERSION, a hash of the whole build: a new deployment
// installs a new worker, which waits until the page asks it to take over (the page offers a
// reload) and then deletes every older cache of this site.

const VERSION = "__VERSION__";
const PREFIX = "lumpsum-";
const PRECACHE = `${PREFIX}${VERSION}-precache`;
const RUNTIME = `${PREFIX}${VERSION}-runtime`;
const FILES = __FILES__;
// By language folder ("" for the default language): its pages and what only it needs.
const LANGUAGES = __LANGUAGES__;
const ROOT = new URL("./", self.location.href).href; // sw.js sits at the site root

/** The language folder a page of this site belongs to. */
function languageOf(url) {
  const path = String(url).slice(ROOT.length);
  let found = "";
  for (const prefix of Object.keys(LANGUAGES)) {
    if (prefix && path.startsWith(prefix) && prefix.length > found.length) found = prefix;
  }
  return found;
}

const precacheRequests = (paths) =>
  // "no-cache" revalidates with the server: files the page has just loaded come back as
  // 304 from the HTTP cache instead of being downloaded a second time.
  paths.map((path) => new Request(new URL(path, ROOT), { cache: "no-cache" }));

/** Precache a language's pages, once (a page of it has just been read online). */
async function keepLanguage(prefix) {
  const paths = LANGUAGES[prefix];
  if (!paths?.length) return;
  const cache = await caches.open(PRECACHE);
  if (await cache.match(new URL(paths[0], ROOT).href, { ignoreVary: true })) return;
  await cache.addAll(precacheRequests(paths)).catch(() => {});
}

// Pages and files are looked up by address without query or fragment.
const key = (url) => url.origin + url.pathname;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(PRECACHE);
    const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const languages = new Set(open.map((client) => languageOf(client.url)));
    if (!languages.size) languages.add("");
    await cache.addAll(precacheRequests(
      [...FILES, ...[...languages].flatMap((prefix) => LANGUAGES[prefix] ?? [])]));
    // The first install has no page to disturb: take over at once. An update waits (below).
    if (!self.registration.active) await self.skipWaiting();
  })());
});

// The page sends this when the user accepts the new version ("Reload").
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "lumpsum:skip-waiting") self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== PRECACHE && name !== RUNTIME) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(ROOT)) return;
  // Asked of the browser's HTTP cache alone (assets/calc_boot.mjs, for WebAssembly: V8 reuses
  // the compiled code only for a module read from there). A miss fails at once, and the page
  // then asks again in the usual way, which comes here.
  if (request.cache === "only-if-cached") return;
  event.respondWith(respond(event, request, url));
});

async function respond(event, request, url) {
  const precached = await caches.match(key(url), { cacheName: PRECACHE, ignoreVary: true });
  if (precached) return precached;
  const cache = await caches.open(RUNTIME);
  const keep = (response, address) => {
    if (response.ok && response.type === "basic") {
      event.waitUntil(cache.put(address, response.clone()).catch(() => {}));
    }
    return response;
  };
  if (request.mode === "navigate") {
    // A page: the network first, the copy from the last visit when offline.
    try {
      const response = keep(await fetch(request), key(url));
      if (response.ok) event.waitUntil(keepLanguage(languageOf(url)));
      return response;
    } catch (error) {
      const copy = await cache.match(key(url), { ignoreVary: true });
      if (copy) return copy;
      throw error;
    }
  }
  // Any other file cannot change within one version: the kept copy first.
  const copy = await cache.match(key(url), { ignoreVary: true });
  if (copy) return copy;
  return keep(await fetch(request), key(url));
}
