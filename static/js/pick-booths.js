/* Apply form: tap booths on the plan to fill "preferred booth codes" (kept in sync both ways).
   Booths in zones closed to the applicant are greyed; tapping one says why, in words.
   The plan shows one hall at a time: picking another hall fetches its drawing in place, so the form keeps what
   was typed (without JavaScript the hall links reload the page). */
(function () {
  "use strict";
  var input = document.querySelector("input[name=preferred_booths]");
  var holder = document.querySelector("[data-pick-plan]");
  var note = document.querySelector("[data-testid=pick-note]");
  if (!input || !holder) { return; }
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
    holder.querySelectorAll(".booth").forEach(function (booth) {
      booth.classList.toggle("sel", chosen.indexOf(booth.getAttribute("data-booth-code")) !== -1);
    });
  }

  function prepare() {
    holder.querySelectorAll(".booth").forEach(function (booth) {
      var reason = closed[booth.getAttribute("data-zone")];
      if (reason) {
        booth.classList.add("closed");
        booth.setAttribute("aria-disabled", "true");
        var title = document.createElementNS("http://www.w3.org/2000/svg", "title");
        title.textContent = booth.getAttribute("data-booth-code") + ": " + reason;
        booth.insertBefore(title, booth.firstChild);
      }
    });
    paint();
  }

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
  // Listeners on the holder, not the drawing: they outlive a change of hall.
  holder.addEventListener("click", pick);
  holder.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); pick(event); }
  });
  input.addEventListener("input", paint);

  document.querySelectorAll("[data-testid=pick-halls] a[data-plan]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      fetch(link.getAttribute("data-plan"), { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      }).then(function (html) {
        holder.innerHTML = html;
        document.querySelectorAll("[data-testid=pick-halls] a").forEach(function (other) {
          other.classList.toggle("current", other === link);
          if (other === link) { other.setAttribute("aria-current", "page"); } else { other.removeAttribute("aria-current"); }
        });
        say("");
        prepare();
      }).catch(function () { window.location.href = link.href; });
    });
  });
  prepare();
})();
