// The scanner as an app: registers the service worker (/gate-sw.js, which keeps the scanner's shell for use
// with no network) on the gate pages, and offers "Install the scanner" where the page has [data-install]:
// the browser's own prompt where it has one (beforeinstallprompt: Chromium on Android and desktop), the
// steps to follow otherwise (iOS Safari: Share, then Add to Home Screen). The page says once the worker
// is ready (data-offline-ready on <html>), which the browser tests wait for.
(function () {
  "use strict";
  var html = document.documentElement;
  var script = document.querySelector("script[data-service-worker]");
  if ("serviceWorker" in navigator && script) {
    navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      html.dataset.offlineReady = "1";
      var last = 0;
      try { last = Number(localStorage.getItem("gate:pages-refreshed") || 0); } catch (e) { /* private mode */ }
      if (navigator.onLine && registration.active && Date.now() - last > 10 * 60 * 1000) {
        registration.active.postMessage({ type: "refresh-pages" });  // fairs assigned since the install
        try { localStorage.setItem("gate:pages-refreshed", String(Date.now())); } catch (e) { /* private mode */ }
      }
    }).catch(function () { /* no worker: the page still works online */ });
  }

  var box = document.querySelector("[data-install]");
  if (!box) { return; }
  var button = box.querySelector("[data-install-button]");
  var steps = box.querySelector("[data-install-steps]");
  var done = box.querySelector("[data-install-done]");
  var standalone = window.matchMedia && window.matchMedia("(display-mode: standalone)").matches;
  if (standalone || navigator.standalone) { box.hidden = true; return; }
  var deferred = null;
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    deferred = event;
    box.dataset.prompt = "1";
  });
  window.addEventListener("appinstalled", function () {
    deferred = null;
    done.hidden = false;
    button.hidden = true;
    steps.hidden = true;
  });
  button.addEventListener("click", function () {
    if (!deferred) { steps.hidden = false; return; }
    deferred.prompt();
    deferred.userChoice.then(function (choice) {
      if (choice.outcome === "accepted") { done.hidden = false; button.hidden = true; }
      deferred = null;
    });
  });
}());
