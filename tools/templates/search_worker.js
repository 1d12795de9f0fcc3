// Material's site search, made lighter. hooks/search.py writes this script inline into the
// <head> of every page (so it runs before Material's bundle creates the search worker), with
// the page's language in its data attributes.
//
// 1. The search index is cut to the page's language. mkdocs-static-i18n writes one index for
//    the whole site, every language in it, and Material's worker builds all of it on every page
//    with lunr's Japanese, Chinese and Vietnamese pipelines: a core busy for about 0.75 s on a
//    2-core laptop (several seconds on a phone), for results in languages the reader did not
//    choose. With only the page's language it takes 10–25 ms (English, Vietnamese) and about
//    0.2 s (Japanese). Results then stay in the reader's language.
// 2. On the calculator page (data-hold), the search worker is created only once Python is up
//    (or has failed), as soon as the reader goes to the search box, or after HOLD_MS at the
//    latest, so that it never takes the core Python needs to start (bench/run.py: a second
//    visit's start went from about 1.18 s to 0.85 s).
//
// Every other worker (Python's) is created as usual. Relies on Material 9's worker messages:
// {type: 0, data: {config, docs, options}} sets the index up (re-check on a Material upgrade;
// tests/e2e/test_search.py fails if this stops applying).
(() => {
  const RealWorker = window.Worker;
  const script = document.currentScript;
  if (typeof RealWorker !== "function" || typeof Proxy !== "function" || !script) return;
  const SETUP = 0;
  const HOLD_MS = 10000;
  const locale = script.dataset.locale; // "" for the default language's pages
  const others = (script.dataset.locales || "").split(" ").filter(Boolean);
  const isSearch = (url) =>
    /\/workers\/search\.[^/]*\.js$/.test(new URL(String(url), location.href).pathname);

  // The default language's pages sit at the root, the others under their locale.
  const ours = (location) => (locale ? location.startsWith(`${locale}/`)
    : !others.some((other) => location.startsWith(`${other}/`)));

  function scoped(message) {
    if (message?.type !== SETUP || !Array.isArray(message.data?.docs)) return message;
    const { config, docs } = message.data;
    const mine = docs.filter((doc) => typeof doc.location === "string" && ours(doc.location));
    if (!mine.length) return message; // an index unlike this site's: leave it whole
    // lunr's pipelines for the page's language, with English's for the English words in it.
    const lang = Array.isArray(config?.lang) && config.lang.filter((l) => l === "en" || l === locale);
    return {
      ...message,
      data: { ...message.data, docs: mine, config: lang?.length ? { ...config, lang } : config },
    };
  }

  // 3. Material asks for the site-wide index (every language); hooks/search.py also writes it
  //    cut by language, a fifteenth of the download: the page's one is asked for instead.
  const index = /\/search\/search_index\.json$/;
  const mine = `search_index.${locale || "en"}.json`;
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const address = new URL(String(url), location.href);
    if (method === "GET" && index.test(address.pathname) && !address.search) {
      address.pathname = address.pathname.replace(/search_index\.json$/, mine);
    }
    return open.call(this, method, address.href, ...rest);
  };

  const pending = [];
  let released = !("hold" in script.dataset);
  const release = () => {
    if (released) return;
    released = true;
    for (const start of pending.splice(0)) start();
  };

  // Stands in for the search worker: messages posted to it wait, in order, until the real
  // worker is created, and the real worker's events are passed on. Material only uses
  // postMessage, addEventListener and terminate.
  class SearchWorker extends EventTarget {
    #worker = null;
    #queue = [];
    #ended = false;

    constructor(url, options) {
      super();
      const start = () => {
        if (this.#ended) return;
        const worker = (this.#worker = new RealWorker(url, options));
        worker.addEventListener("message", (e) => this.dispatchEvent(new MessageEvent("message", { data: e.data })));
        worker.addEventListener("messageerror", () => this.dispatchEvent(new Event("messageerror")));
        worker.addEventListener("error", () => this.dispatchEvent(new Event("error")));
        for (const args of this.#queue.splice(0)) worker.postMessage(...args);
      };
      if (released) start();
      else pending.push(start);
    }

    postMessage(message, ...rest) {
      const args = [scoped(message), ...rest];
      if (this.#worker) this.#worker.postMessage(...args);
      else this.#queue.push(args);
    }

    terminate() {
      this.#ended = true;
      this.#queue = [];
      this.#worker?.terminate();
    }
  }

  window.Worker = new Proxy(RealWorker, {
    construct(target, args, newTarget) {
      return isSearch(args[0]) ? new SearchWorker(...args) : Reflect.construct(target, args, newTarget);
    },
  });

  if (released) return;
  // runtime.js marks "calc:ready" once Python is up and "calc:failed" when it cannot start.
  if (typeof PerformanceObserver === "function") {
    const observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => e.name === "calc:ready" || e.name === "calc:failed")) {
        observer.disconnect();
        release();
      }
    });
    observer.observe({ type: "mark" });
  }
  // The reader wants to search now: Material focuses its search field on a click or a shortcut.
  document.addEventListener("focusin", (e) => {
    if (e.target instanceof Element && e.target.matches("[data-md-component=search-query]")) release();
  });
  setTimeout(release, HOLD_MS);
})();
