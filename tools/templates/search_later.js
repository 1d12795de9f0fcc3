// Material builds the site's search index in a worker as soon as any page loads. This site's
// index holds every language (lunr with its Japanese, Chinese and Vietnamese pipelines), and
// building it keeps one core busy for one to three seconds: on a phone or a 2-core laptop,
// that is the core Python needs to start (bench/run.py: a second visit's start went from about
// 1.18 s to 0.85 s). hooks/pyruntime.py writes this script inline into the <head> of the
// calculator page only, so it runs before Material's bundle: there the search worker is
// created only once Python is up (or has failed), as soon as the reader goes to the search
// box, or after SEARCH_LATER_MS at the latest. Every other worker (Python's) is created as
// usual.
(() => {
  const RealWorker = window.Worker;
  if (typeof RealWorker !== "function" || typeof Proxy !== "function") return;
  const SEARCH_LATER_MS = 10000;
  const isSearch = (url) => /\/workers\/search\.[^/]*\.js$/.test(new URL(String(url), location.href).pathname);

  const pending = [];
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    for (const start of pending.splice(0)) start();
  };

  // Stands in for the search worker until release(): messages posted to it wait in order, and
  // the real worker's events are passed on. Material only uses postMessage, addEventListener
  // and terminate.
  class LaterWorker extends EventTarget {
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

    postMessage(...args) {
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
      return isSearch(args[0]) ? new LaterWorker(...args) : Reflect.construct(target, args, newTarget);
    },
  });

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
  setTimeout(release, SEARCH_LATER_MS);
})();
