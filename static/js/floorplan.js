/* Floor plan: zoom (wheel, pinch, buttons), pan (drag) and booth details on tap or Enter.
   No dependencies; the plan works without it (a static, scaled drawing). */
(function () {
  "use strict";
  var viewport = document.querySelector(".plan-viewport[data-testid=plan]");
  if (!viewport) { return; }
  var svg = viewport.querySelector("svg");
  if (!svg) { return; }
  var data = JSON.parse(document.getElementById("plan-data").textContent);
  var labels = JSON.parse(document.getElementById("plan-labels").textContent);
  var panel = document.getElementById("booth-details");
  var initial = svg.getAttribute("viewBox").split(/\s+/).map(Number);
  var box = initial.slice();
  var money = new Intl.NumberFormat(data.language === "en" ? "en-US" : "vi-VN",
    { style: "currency", currency: "VND", maximumFractionDigits: 0 });
  var metres = new Intl.NumberFormat(data.language === "en" ? "en-US" : "vi-VN", { maximumFractionDigits: 2 });

  function apply() { svg.setAttribute("viewBox", box.join(" ")); }

  // Fit the box to the hall's shape, so a phone shows the whole hall without empty bands.
  function fitHeight() {
    var width = viewport.clientWidth;
    var wanted = width * initial[3] / initial[2];
    var limit = window.innerHeight * 0.7;
    viewport.style.height = Math.round(Math.max(240, Math.min(limit, wanted))) + "px";
  }
  fitHeight();
  window.addEventListener("resize", fitHeight);

  // Booths of the exhibitors found by the search stand out.
  (data.highlight || []).forEach(function (code) {
    var booth = svg.querySelector('[data-booth-code="' + code.replace(/"/g, "") + '"]');
    if (booth) { booth.classList.add("match"); }
  });

  // A search's booths (lit up by the server, class "match") are brought into view: zoom on them with some room
  // around, so a booth of 3 m in a hall of 300 m is not a dot.
  (function zoomToMatches() {
    var rects = svg.querySelectorAll(".booth.match rect");
    if (!rects.length) { return; }
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    rects.forEach(function (rect) {
      var x = Number(rect.getAttribute("x")), y = Number(rect.getAttribute("y"));
      x0 = Math.min(x0, x); y0 = Math.min(y0, y);
      x1 = Math.max(x1, x + Number(rect.getAttribute("width"))); y1 = Math.max(y1, y + Number(rect.getAttribute("height")));
    });
    var width = Math.min(initial[2], Math.max((x1 - x0) * 1.6, initial[2] / 6));
    var height = Math.min(initial[3], Math.max((y1 - y0) * 1.6, width * initial[3] / initial[2]));
    box = [(x0 + x1) / 2 - width / 2, (y0 + y1) / 2 - height / 2, width, height];
    apply();
    if (rects.length === 1) { show(rects[0].parentNode); }  // one booth found: its details at once
  })();

  function svgPoint(clientX, clientY) {
    var rect = svg.getBoundingClientRect();
    var scale = Math.max(box[2] / rect.width, box[3] / rect.height);
    // preserveAspectRatio xMidYMid meet: the drawing is centred in the element
    var offsetX = (rect.width * scale - box[2]) / 2;
    var offsetY = (rect.height * scale - box[3]) / 2;
    return { x: box[0] + (clientX - rect.left) * scale - offsetX, y: box[1] + (clientY - rect.top) * scale - offsetY,
             scale: scale };
  }

  function zoom(factor, clientX, clientY) {
    var rect = svg.getBoundingClientRect();
    if (clientX === undefined) { clientX = rect.left + rect.width / 2; clientY = rect.top + rect.height / 2; }
    var p = svgPoint(clientX, clientY);
    var width = Math.min(initial[2] * 1.5, Math.max(initial[2] / 40, box[2] * factor));
    var real = width / box[2];
    box = [p.x - (p.x - box[0]) * real, p.y - (p.y - box[1]) * real, box[2] * real, box[3] * real];
    apply();
  }

  viewport.addEventListener("wheel", function (event) {
    event.preventDefault();
    zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, event.clientX, event.clientY);
  }, { passive: false });

  var pointers = new Map();
  var moved = 0;
  var pinchDistance = null;
  viewport.addEventListener("pointerdown", function (event) {
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    moved = 0;
    viewport.setPointerCapture(event.pointerId);
  });
  viewport.addEventListener("pointermove", function (event) {
    if (!pointers.has(event.pointerId)) { return; }
    var last = pointers.get(event.pointerId);
    if (pointers.size === 1) {
      var p = svgPoint(event.clientX, event.clientY);
      box[0] -= (event.clientX - last.x) * p.scale;
      box[1] -= (event.clientY - last.y) * p.scale;
      moved += Math.abs(event.clientX - last.x) + Math.abs(event.clientY - last.y);
      apply();
    } else if (pointers.size === 2) {
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      var points = Array.from(pointers.values());
      var distance = Math.hypot(points[0].x - points[1].x, points[0].y - points[1].y);
      if (pinchDistance) {
        zoom(pinchDistance / distance, (points[0].x + points[1].x) / 2, (points[0].y + points[1].y) / 2);
      }
      pinchDistance = distance;
      moved += 10;
      return;
    }
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
  });
  function release(event) {
    pointers.delete(event.pointerId);
    if (pointers.size < 2) { pinchDistance = null; }
  }
  viewport.addEventListener("pointerup", function (event) {
    var wasTap = pointers.size === 1 && moved < 6;
    release(event);
    if (wasTap) {
      var target = document.elementFromPoint(event.clientX, event.clientY);
      var booth = target && target.closest ? target.closest(".booth") : null;
      if (booth) { show(booth); }
    }
  });
  viewport.addEventListener("pointercancel", release);

  document.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var action = button.getAttribute("data-zoom");
      if (action === "reset") { box = initial.slice(); apply(); }
      else { zoom(action === "in" ? 1 / 1.4 : 1.4); }
    });
  });

  svg.addEventListener("keydown", function (event) {
    var booth = event.target.closest && event.target.closest(".booth");
    if (booth && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); show(booth); }
  });

  function statusOf(booth) {
    var names = ["available", "held", "assigned", "blocked"];
    for (var i = 0; i < names.length; i++) { if (booth.classList.contains(names[i])) { return names[i]; } }
    return "available";
  }

  function show(booth) {
    svg.querySelectorAll(".booth.sel").forEach(function (el) { el.classList.remove("sel"); });
    booth.classList.add("sel");
    var rect = booth.querySelector("rect");
    var fields = {
      code: booth.getAttribute("data-booth-code"),
      zone: data.zones[booth.getAttribute("data-zone")] || labels.none,
      status: labels[statusOf(booth)],
      type: data.types[booth.getAttribute("data-type") || "standard"],
      size: metres.format(rect.getAttribute("width") / 100) + " × " + metres.format(rect.getAttribute("height") / 100) + " m",
      price: money.format(Number(booth.getAttribute("data-price") || 0)),
      occupant: booth.getAttribute("data-occupant") || labels.none
    };
    Object.keys(fields).forEach(function (name) {
      var cell = panel.querySelector("[data-field=" + name + "]");
      if (cell) { cell.textContent = fields[name]; }
    });
    panel.querySelector("[data-empty]").hidden = true;
    panel.querySelector("dl").hidden = false;
    var edit = panel.querySelector("[data-edit]");
    if (edit) {
      var link = edit.querySelector("[data-edit-link]");
      if (!link.dataset.template) { link.dataset.template = link.getAttribute("href"); }
      link.setAttribute("href", link.dataset.template.replace("__CODE__", encodeURIComponent(fields.code)));
      edit.hidden = false;
    }
  }
})();

/* The legend under the plan: hovering, focusing or tapping an entry lights up its booths; tapping it again,
   or another entry, changes which. */
(function () {
  "use strict";
  var svg = document.querySelector(".plan-viewport[data-testid=plan] svg");
  var items = document.querySelectorAll(".plan-legend__item[data-match]");
  if (!svg || !items.length) { return; }
  var pinned = null;

  function light(item) {
    svg.querySelectorAll(".booth.lit").forEach(function (el) { el.classList.remove("lit"); });
    if (!item) { svg.classList.remove("lighting"); return; }
    var matched = svg.querySelectorAll(item.getAttribute("data-match"));
    matched.forEach(function (el) { el.classList.add("lit"); });
    svg.classList.add("lighting");
  }

  items.forEach(function (item) {
    item.addEventListener("mouseenter", function () { if (!pinned) { light(item); } });
    item.addEventListener("mouseleave", function () { if (!pinned) { light(null); } });
    item.addEventListener("focus", function () { if (!pinned) { light(item); } });
    item.addEventListener("blur", function () { if (!pinned) { light(null); } });
    item.addEventListener("click", function () {
      items.forEach(function (other) { other.setAttribute("aria-pressed", "false"); });
      pinned = pinned === item ? null : item;
      if (pinned) { item.setAttribute("aria-pressed", "true"); }
      light(pinned);
    });
  });
})();
