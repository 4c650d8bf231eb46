// At logout, the gate scanner's data leaves this device: the badge lists and queued scans (IndexedDB
// "gate-scanner"), the scanner's cached pages ("gate-shell-*" caches), its service worker and the day's
// admitted serials. Scans still waiting to be sent are counted first and the steward asked (they would be lost).
// Runs on the logout form ([data-logout]); whatever fails or hangs, the form is still sent after 3 s.
(function () {
  "use strict";
  var form = document.querySelector("form[data-logout]");
  if (!form || !window.indexedDB) { return; }

  function waiting() {  // queued scans, without creating the database where the scanner never ran
    return new Promise(function (resolve) {
      var request = indexedDB.open("gate-scanner");
      request.onupgradeneeded = function () { request.transaction.abort(); resolve(0); };
      request.onerror = function () { resolve(0); };
      request.onsuccess = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("scans")) { db.close(); resolve(0); return; }
        var count = db.transaction("scans").objectStore("scans").count();
        count.onsuccess = function () { db.close(); resolve(count.result); };
        count.onerror = function () { db.close(); resolve(0); };
      };
    });
  }
  function forget() {
    var steps = [new Promise(function (resolve) {
      var request = indexedDB.deleteDatabase("gate-scanner");
      request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
    })];
    if (window.caches) {
      steps.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf("gate-shell-") === 0; })
          .map(function (name) { return caches.delete(name); }));
      }));
    }
    if (navigator.serviceWorker) {
      steps.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
      }));
    }
    try {
      Object.keys(localStorage).forEach(function (key) {
        if (key.indexOf("admitted:") === 0 || key.indexOf("gate:") === 0) { localStorage.removeItem(key); }
      });
    } catch (e) { /* private mode */ }
    return Promise.all(steps);
  }

  var leaving = false;
  form.addEventListener("submit", function (event) {
    if (leaving) { return; }
    event.preventDefault();
    var send = function () { leaving = true; form.submit(); };
    var timer = window.setTimeout(send, 3000);
    waiting().then(function (count) {
      if (count && !window.confirm(form.dataset.pendingQuestion.replace("{n}", String(count)))) {
        window.clearTimeout(timer);
        return;
      }
      return forget().then(function () { window.clearTimeout(timer); send(); });
    }).catch(function () { window.clearTimeout(timer); send(); });
  });
}());
