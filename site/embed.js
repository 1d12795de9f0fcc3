/*
 * Loader for the embedded lump-sum calculator. Paste, from the site's "Embed this calculator"
 * page:
 *
 *   <iframe src="https://<this site>/embed/" title="…" data-lumpsum-calc data-lang="en"
 *     loading="lazy" allow="clipboard-write" style="display:block;width:100%;height:1300px;border:0"></iframe>
 *   <script src="https://<this site>/embed.js" async></script>
 *
 * For each <iframe data-lumpsum-calc> on the page it
 * - applies the options, if any are given as attributes: data-lang (en ja vi id tl my ne zh),
 *   data-mode ("quick" or "detailed"), data-values (answers to start with, the "#c=…" part of
 *   a calculator link). Values it does not know are ignored. The address is always built on
 *   this script's own site, so an option can never point the frame elsewhere;
 * - sizes the frame to the calculator inside it. The calculator only ever posts
 *   {type: "lumpsum-calc:height", height: <number>}; messages from anything but one of these
 *   frames, from another origin, or of another shape are ignored.
 * It adds no other element, style or global to the page.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || !window.URL) return;
  var SITE = new URL("./", script.src);
  var LANGUAGES = ["en", "ja", "vi", "id", "tl", "my", "ne", "zh"];
  var DEFAULT_LANGUAGE = "en";
  var MESSAGE = "lumpsum-calc:height";
  var VALUES = /^[A-Za-z0-9_-]{1,100000}$/;
  var MIN_HEIGHT = 200;
  var MAX_HEIGHT = 100000;

  function frames() {
    return document.querySelectorAll("iframe[data-lumpsum-calc]");
  }

  /** The address for a frame's options, or null when it gives none (its src is kept). */
  function addressFor(frame) {
    var lang = frame.getAttribute("data-lang");
    var mode = frame.getAttribute("data-mode");
    var values = frame.getAttribute("data-values");
    if (lang === null && mode === null && values === null) return null;
    if (LANGUAGES.indexOf(lang) < 0) lang = DEFAULT_LANGUAGE;
    var url = new URL((lang === DEFAULT_LANGUAGE ? "" : lang + "/") + "embed/", SITE);
    if (mode === "detailed") url.search = "?mode=detailed";
    values = (values || "").replace(/^#/, "").replace(/^c=/, "");
    if (VALUES.test(values)) url.hash = "c=" + values;
    return url.href;
  }

  function setUp() {
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      var address = addressFor(list[i]);
      if (address && list[i].src !== address) list[i].src = address;
    }
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== SITE.origin) return;
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== MESSAGE) return;
    var height = data.height;
    if (typeof height !== "number" || !isFinite(height)) return;
    height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height)));
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      if (list[i].contentWindow === event.source) {
        list[i].style.height = height + "px";
        return;
      }
    }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
