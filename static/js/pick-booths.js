/* Apply form: tap booths on the plan to fill "preferred booth codes" (kept in sync both ways). */
(function () {
  "use strict";
  var input = document.querySelector("input[name=preferred_booths]");
  var plans = document.querySelectorAll(".plan-viewport--pick svg");
  if (!input || !plans.length) { return; }

  function codes() {
    return input.value.split(/[\s,]+/).map(function (c) { return c.trim().toUpperCase(); }).filter(Boolean);
  }

  function paint() {
    var chosen = codes();
    plans.forEach(function (svg) {
      svg.querySelectorAll(".booth").forEach(function (booth) {
        booth.classList.toggle("sel", chosen.indexOf(booth.getAttribute("data-booth-code")) !== -1);
      });
    });
  }

  plans.forEach(function (svg) {
    svg.addEventListener("click", function (event) {
      var booth = event.target.closest ? event.target.closest(".booth") : null;
      if (!booth || !booth.classList.contains("available")) { return; }
      var code = booth.getAttribute("data-booth-code");
      var chosen = codes();
      var at = chosen.indexOf(code);
      if (at === -1) { chosen.push(code); } else { chosen.splice(at, 1); }
      input.value = chosen.join(" ");
      paint();
    });
  });
  input.addEventListener("input", paint);
  paint();
})();
