// Small accessibility fixes Material's own scripts leave open: wide tables scroll sideways
// inside a wrapper, which keyboard users must be able to focus to scroll.
(function () {
  function fix() {
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (wrap.hasAttribute("tabindex")) continue;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      const caption = wrap.closest("section, article")?.querySelector("h1, h2");
      wrap.setAttribute("aria-label", caption ? caption.textContent.replace("¶", "").trim() : "table");
    }
  }
  if (window.document$) window.document$.subscribe(fix);
  else document.addEventListener("DOMContentLoaded", fix);
})();
