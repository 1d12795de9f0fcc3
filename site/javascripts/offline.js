// Offline use, on every page: registers the service worker (sw.js at the site root, written by
// hooks/offline.py) and tells the user when the site works offline and when a new version is
// ready. Registration waits for the page's `load` and, on the calculator page, for Python to
// be ready: the worker then precaches with "no-cache" revalidation, and finds the 15 MB
// runtime already in the HTTP cache instead of downloading it a second time.
// Framed pages (the embed on another site, the preview) register nothing: a worker there
// would precache everything again for every site that embeds the calculator.
(function () {
  if (!("serviceWorker" in navigator) || window.top !== window.self) return;
  var root = new URL("../", document.currentScript.src); // this file is <root>/javascripts/
  var element = document.getElementById("lsc-site-strings");
  var strings = element ? JSON.parse(element.textContent) : {};
  var t = function (key) { return strings[key] || key; };
  var CALCULATOR_WAIT_MS = 60000;
  var OFFLINE_NOTICE_MS = 10000;

  /** A small notice at the bottom of the page (a status message, never in the way). */
  function notice(text, action) {
    var old = document.getElementById("lsc-notice");
    if (old) old.remove();
    var box = document.createElement("div");
    box.id = "lsc-notice";
    box.className = "lsc-notice md-typeset";
    box.setAttribute("role", "status");
    var message = document.createElement("p");
    message.textContent = text;
    box.append(message);
    if (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button md-button--primary";
      button.textContent = action.label;
      button.addEventListener("click", action.run);
      box.append(button);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "lsc-notice__close";
    close.setAttribute("aria-label", t("ui.js.dismiss"));
    close.textContent = "×";
    close.addEventListener("click", function () { box.remove(); });
    box.append(close);
    document.body.append(box);
    return box;
  }

  /** Resolves once the calculator on this page (if any) has finished loading Python. */
  function calculatorSettled() {
    var status = document.getElementById("calc-status");
    if (!status) return Promise.resolve();
    var settled = function () { return status.dataset.state === "ready" || status.dataset.state === "error"; };
    if (settled()) return Promise.resolve();
    return new Promise(function (resolve) {
      var observer = new MutationObserver(function () {
        if (settled()) done();
      });
      var timer = setTimeout(done, CALCULATOR_WAIT_MS);
      function done() {
        observer.disconnect();
        clearTimeout(timer);
        resolve();
      }
      observer.observe(status, { attributes: true, attributeFilter: ["data-state"] });
    });
  }

  var reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (reloading) location.reload(); // only when the user asked for the new version
  });

  function offerUpdate(registration) {
    notice(t("ui.js.update_ready"), {
      label: t("ui.js.update_reload"),
      run: function () {
        reloading = true;
        if (registration.waiting) registration.waiting.postMessage({ type: "lumpsum:skip-waiting" });
        else location.reload(); // already taken over (by another tab)
      },
    });
  }

  function register() {
    var url = new URL("sw.js", root).href;
    return navigator.serviceWorker.getRegistration(root.href).then(function (existing) {
      // A worker already active here means any new one is an update; none, a first install.
      var update = Boolean(existing && existing.active);
      var watched = [];
      var registration;
      function watch(worker) {
        if (!worker || watched.indexOf(worker) >= 0) return;
        watched.push(worker);
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed" && update) offerUpdate(registration);
          else if (worker.state === "activated" && !update) {
            // Good to know, nothing to do: it goes away by itself (the update offer stays).
            var box = notice(t("ui.js.offline_ready"));
            setTimeout(function () { box.remove(); }, OFFLINE_NOTICE_MS);
          }
        });
      }
      return navigator.serviceWorker.register(url, { scope: root.pathname }).then(function (reg) {
        if (!reg) return; // registration refused (e.g. a browser or test blocking workers)
        registration = reg;
        if (reg.waiting && reg.active) offerUpdate(reg);
        watch(reg.installing);
        reg.addEventListener("updatefound", function () { watch(reg.installing); });
        // A page left open for days still hears of new versions.
        setInterval(function () { reg.update().catch(function () {}); }, 60 * 60 * 1000);
      });
    });
  }

  window.addEventListener("load", function () {
    calculatorSettled().then(register).catch(function (error) {
      console.warn("Offline use is not available:", error);
    });
  });
})();
