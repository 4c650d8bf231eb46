// The gate scanner's service worker, served from /gate-sw.js (scope "/") by visitors/gate_app_views.py, which
// writes SHELL_VERSION (a hash of the shell's files), SHELL_FILES (their URLs) and SHELL_INFO (the URL of the
// staff member's fairs to precache) above this line.
// It caches the scanner's shell only: the static files below, cache first; the scanner pages of the staff
// member's fairs and the gate chooser, network first with the cached copy when the network fails or hangs.
// Every other request is left to the browser: no other page and no API answer is ever cached here (the badge
// list and the queued scans live in IndexedDB, written by the scanner page).
/* global SHELL_VERSION, SHELL_FILES, SHELL_INFO */
"use strict";

var CACHE = "gate-shell-" + SHELL_VERSION;
var SCANNER = /^\/fairs\/\d+\/scan$/;
var INFO_KEY = "/gate/offline-info";  // the fairs and their gate days, as last read
var NETWORK_WAIT_MS = 4000;  // hall Wi-Fi that hangs counts as no network

function precachePages(cache) {
  return fetch(SHELL_INFO, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
    if (!response.ok || response.redirected) { return null; }
    return response.clone().json().then(function (info) {
      var pages = info.fairs.map(function (fair) { return fair.url; }).concat([info.chooser]);
      return cache.put(INFO_KEY, response).then(function () {
        return Promise.all(pages.map(function (url) {
          return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (page) {
            if (page.ok && !page.redirected) { return cache.put(url, page); }
            return null;
          }).catch(function () { return null; });
        }));
      });
    });
  }).catch(function () { return null; });  // logged out or offline: pages are cached as they are visited
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(SHELL_FILES).then(function () { return precachePages(cache); });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("gate-shell-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// The scanner page asks again when it loads online: assignments change.
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "refresh-pages") {
    event.waitUntil(caches.open(CACHE).then(precachePages));
  }
});

function withTimeout(promise) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("network timeout")); }, NETWORK_WAIT_MS);
    promise.then(function (value) { clearTimeout(timer); resolve(value); },
                 function (error) { clearTimeout(timer); reject(error); });
  });
}

function localDay() {
  var now = new Date();
  return now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
}

// /gate with no network: today's one fair's scanner, else the cached choice of fairs.
function offlineGate(cache) {
  return cache.match(INFO_KEY).then(function (stored) {
    if (!stored) { return null; }
    return stored.json().then(function (info) {
      var today = localDay();
      var open = info.fairs.filter(function (fair) { return fair.opens_on <= today && today <= fair.ends_on; });
      if (open.length === 1) { return Response.redirect(open[0].url, 302); }
      return cache.match(info.chooser);
    });
  });
}

function page(request, url) {
  return caches.open(CACHE).then(function (cache) {
    return withTimeout(fetch(request)).then(function (response) {
      // A scanner page as served to this staff member (not a redirect to the login page): keep it.
      if (SCANNER.test(url.pathname) && response.ok && !response.redirected && response.type === "basic") {
        cache.put(url.pathname, response.clone());
      }
      return response;
    }).catch(function (error) {
      var cached = url.pathname === "/gate" && !url.search ? offlineGate(cache) : cache.match(url.pathname + url.search);
      return cached.then(function (response) {
        if (response) { return response; }
        throw error;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && (SCANNER.test(url.pathname) || url.pathname === "/gate")) {
    event.respondWith(page(request, url));
    return;
  }
  if (SHELL_FILES.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(url.pathname).then(function (hit) { return hit || fetch(request); });
    }));
  }
});
