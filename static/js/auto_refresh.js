/* A page that refreshes itself, with the person able to stop it (WCAG 2.2.1, unlike <meta http-equiv=refresh>):
   a checkbox [data-auto-refresh=SECONDS] reloads the page every SECONDS while ticked; the choice is kept. */
(function () {
  "use strict";
  var box = document.querySelector("[data-auto-refresh]");
  if (!box) { return; }
  var key = "auto-refresh:" + location.pathname;
  try { if (localStorage.getItem(key) === "off") { box.checked = false; } } catch (e) { /* private mode */ }
  var seconds = Number(box.getAttribute("data-auto-refresh")) || 60;
  var timer = null;
  function arm() {
    clearTimeout(timer);
    if (box.checked) { timer = setTimeout(function () { location.reload(); }, seconds * 1000); }
  }
  box.addEventListener("change", function () {
    try { localStorage.setItem(key, box.checked ? "on" : "off"); } catch (e) { /* private mode */ }
    arm();
  });
  arm();
})();
