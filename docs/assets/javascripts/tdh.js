// Make every horizontally scrolling table region reachable with the keyboard (WCAG 2.1.1):
// a focusable region named after its table's caption. No network, no eval.
(function () {
  "use strict";
  var fallback = document.documentElement.lang === "en" ? "Scrollable table" : "Tableau défilant";
  function fix() {
    var regions = document.querySelectorAll(".md-typeset__scrollwrap, .tdh-table-wrap");
    Array.prototype.forEach.call(regions, function (el) {
      if (el.scrollWidth <= el.clientWidth + 1 || el.hasAttribute("tabindex")) { return; }
      if (el.querySelector(".md-typeset__scrollwrap")) { return; }
      var caption = el.querySelector("caption");
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", caption ? caption.textContent.trim() : fallback);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
  window.addEventListener("load", fix);
  window.addEventListener("resize", fix);
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(fix); }
})();
