/* A table wider than its box scrolls sideways; keyboard users must be able to reach it to scroll it
   (WCAG 2.1.1), so each scrolling .table-wrap becomes focusable and is named by its table. */
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1 || wrap.scrollHeight > wrap.clientHeight + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("data-scroll-region", "");
      } else if (!scrolls && wrap.hasAttribute("data-scroll-region")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("data-scroll-region");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
})();
