/* Apply form: tap booths on the plan to fill "preferred booth codes" (kept in sync both ways).
   Booths in zones closed to the applicant are greyed; tapping one says why, in words. */
(function () {
  "use strict";
  var input = document.querySelector("input[name=preferred_booths]");
  var plans = document.querySelectorAll(".plan-viewport--pick svg");
  var note = document.querySelector("[data-testid=pick-note]");
  if (!input || !plans.length) { return; }
  var closed = {};
  var labels = {};
  try {
    closed = JSON.parse(document.getElementById("closed-zones").textContent || "{}");
    labels = JSON.parse(document.getElementById("pick-labels").textContent || "{}");
  } catch (error) { /* no data: every zone stays open */ }

  function codes() {
    return input.value.split(/[\s,]+/).map(function (c) { return c.trim().toUpperCase(); }).filter(Boolean);
  }

  function say(text) { if (note) { note.textContent = text || ""; } }

  function paint() {
    var chosen = codes();
    plans.forEach(function (svg) {
      svg.querySelectorAll(".booth").forEach(function (booth) {
        booth.classList.toggle("sel", chosen.indexOf(booth.getAttribute("data-booth-code")) !== -1);
      });
    });
  }

  plans.forEach(function (svg) {
    svg.querySelectorAll(".booth").forEach(function (booth) {
      var reason = closed[booth.getAttribute("data-zone")];
      if (reason) {
        booth.classList.add("closed");
        booth.setAttribute("aria-disabled", "true");
        var title = document.createElementNS("http://www.w3.org/2000/svg", "title");
        title.textContent = booth.getAttribute("data-booth-code") + ": " + reason;
        booth.insertBefore(title, booth.firstChild);
      }
    });
    function pick(event) {
      var booth = event.target.closest ? event.target.closest(".booth") : null;
      if (!booth) { return; }
      var code = booth.getAttribute("data-booth-code");
      var reason = closed[booth.getAttribute("data-zone")];
      if (reason) { say(code + ": " + reason); return; }
      if (!booth.classList.contains("available")) {
        say((labels.taken || "{code}").replace("{code}", code));
        return;
      }
      var chosen = codes();
      var at = chosen.indexOf(code);
      if (at === -1) { chosen.push(code); } else { chosen.splice(at, 1); }
      input.value = chosen.join(" ");
      say("");
      paint();
    }
    svg.addEventListener("click", pick);
    svg.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); pick(event); }
    });
  });
  input.addEventListener("input", paint);
  paint();
})();
