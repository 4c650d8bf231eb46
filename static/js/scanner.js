// Gate scanner: camera (jsQR) or a handheld scanner typing code + Enter; a big verdict with a sound;
// the last 20 scans. Offline, badges are verified here with the fair's public key (tweetnacl), scans
// are queued in IndexedDB with their time and nonce, and sent when the network returns (the log then
// says "sent" where it said "will be sent"). Outside the fair's days the verdict is "not open" (amber);
// on set-up days, offline, only the badge's colour tells an exhibitor's staff. Camera trouble is said in
// words beside the camera button: it is never a scan. When online the page caches the fair's badge list
// (serial → name, organisation, type) in IndexedDB, so an offline verdict names the visitor and, on a set-up
// day, tells an exhibitor's staff from the others.
(function () {
  "use strict";
  var root = document.querySelector("[data-scanner]");
  if (!root) { return; }

  var fairId = Number(root.dataset.fairId);
  var publicKey = b64ToBytes(root.dataset.publicKey);
  var revoked = new Set(JSON.parse(root.dataset.revoked));
  var labels = JSON.parse(root.dataset.labels);
  var postUrl = root.dataset.postUrl;
  var csrf = root.dataset.csrf;
  var gateSelect = root.querySelector("[data-gate]");
  var form = root.querySelector("[data-code-form]");
  var input = root.querySelector("[data-code-input]");
  var verdictBox = root.querySelector("[data-verdict]");
  var pendingCount = root.querySelector("[data-pending]");
  var network = root.querySelector("[data-network]");
  var log = root.querySelector("[data-log]");
  var cameraMessage = root.querySelector("[data-camera-message]");
  var days = { opens: root.dataset.opensOn, starts: root.dataset.startsOn, ends: root.dataset.endsOn };
  var COLOURS = { admitted: "green", already_admitted: "amber", revoked: "red", wrong_fair: "red", invalid: "red",
                  not_open: "amber", setup_only: "amber", forbidden: "red" };
  var TODAY_KEY = "admitted:" + fairId + ":" + new Date().toISOString().slice(0, 10);
  var syncing = false;
  var badgeList = null;  // { badges: {serial: [name, organisation, type]}, revoked: [serial] } once cached

  // ---- small helpers -------------------------------------------------------------------------
  function b64ToBytes(text) {
    var normal = text.replace(/-/g, "+").replace(/_/g, "/");
    while (normal.length % 4) { normal += "="; }
    var binary = atob(normal);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }
  function newNonce() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID().replace(/-/g, ""); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function admittedToday() {
    try { return new Set(JSON.parse(localStorage.getItem(TODAY_KEY) || "[]")); } catch (e) { return new Set(); }
  }
  function rememberAdmitted(serial) {
    var seen = admittedToday();
    seen.add(serial);
    try { localStorage.setItem(TODAY_KEY, JSON.stringify(Array.from(seen))); } catch (e) { /* private mode */ }
  }

  // ---- offline verification: the same rules as the server, from what the page knows ----------
  function readCode(code) {
    code = (code || "").trim();
    if (code.length !== 101 || code.slice(0, 2) !== "F1") { return null; }
    var raw;
    try { raw = b64ToBytes(code.slice(2)); } catch (e) { return null; }
    if (raw.length !== 74) { return null; }
    var fair = ((raw[0] << 24) >>> 0) + (raw[1] << 16) + (raw[2] << 8) + raw[3];
    var serial = 0;
    for (var i = 4; i < 10; i++) { serial = serial * 256 + raw[i]; }
    var message = new Uint8Array(12);
    message[0] = 70; message[1] = 49;  // "F1"
    message.set(raw.subarray(0, 10), 2);
    return { fair: fair, serial: String(serial), message: message, signature: raw.subarray(10) };
  }
  function localDay() {  // the scanner's calendar day, as the server's dates are written (YYYY-MM-DD)
    var now = new Date();
    return now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
  }
  function localVerdict(code) {
    var badge = readCode(code);
    if (!badge) { return { result: "invalid" }; }
    if (badge.fair !== fairId) { return { result: "wrong_fair" }; }
    if (!window.nacl || !nacl.sign.detached.verify(badge.message, badge.signature, publicKey)) {
      return { result: "invalid" };
    }
    var today = localDay();
    if (today < days.opens) { return { result: "not_open", not_open: "before" }; }
    if (today > days.ends) { return { result: "not_open", not_open: "after" }; }
    if (revoked.has(badge.serial)) { return { result: "revoked" }; }
    var known = badgeList && badgeList.badges[badge.serial];
    var visitor = known ? { full_name: known[0], organisation: known[1], visitor_type: known[2] } : null;
    if (today < days.starts) {
      if (!visitor) { return { result: "setup_only", serial: badge.serial }; }
      if (visitor.visitor_type !== "exhibitor_staff") {
        return { result: "not_open", not_open: "before", visitor: visitor };
      }
    }
    if (admittedToday().has(badge.serial)) {
      return { result: "already_admitted", serial: badge.serial, visitor: visitor };
    }
    return { result: "admitted", serial: badge.serial, visitor: visitor };
  }

  // ---- the queue (IndexedDB) -------------------------------------------------------------------
  var dbPromise = new Promise(function (resolve, reject) {
    var request = indexedDB.open("gate-scanner", 2);
    request.onupgradeneeded = function (event) {
      if (event.oldVersion < 1) { request.result.createObjectStore("scans", { keyPath: "nonce" }); }
      if (event.oldVersion < 2) { request.result.createObjectStore("badges", { keyPath: "fair" }); }
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });
  function store(mode, work, name) {
    name = name || "scans";
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var result = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function queue(scan) { return store("readwrite", function (s) { return s.put(scan); }).then(showPending); }
  // Once a queued scan reached the server, its line in the log (and the verdict, if still shown) says so.
  function markSent(nonce) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-queued-nonce]"), function (node) {
      if (node.dataset.queuedNonce !== nonce) { return; }
      node.textContent = node.textContent.replace(labels.queued, labels.sent);
      delete node.dataset.queuedNonce;
    });
  }
  function unqueue(nonce) { return store("readwrite", function (s) { return s.delete(nonce); }); }
  function queued() { return store("readonly", function (s) { return s.getAll(); }); }
  function showPending() {
    return queued().then(function (items) {
      var mine = items.filter(function (item) { return item.fair === fairId; });
      pendingCount.textContent = String(mine.length);
      return mine;
    });
  }

  // ---- the badge list, cached for offline verdicts ----------------------------------------------
  function useBadgeList(list) {
    if (!list || !list.badges) { return; }
    badgeList = list;
    (list.revoked || []).forEach(function (serial) { revoked.add(serial); });
    root.dataset.badgeList = String(Object.keys(list.badges).length);
  }
  function loadBadgeList() {
    return store("readonly", function (s) { return s.get(fairId); }, "badges")
      .then(function (cached) { if (!badgeList && cached) { useBadgeList(cached.list); } })
      .catch(function () { /* no cache yet */ });
  }
  function refreshBadgeList() {
    if (!navigator.onLine) { return Promise.resolve(); }
    return fetch(root.dataset.badgesUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { if (response.status !== 200) { throw new Error("badges " + response.status); }
                                  return response.json(); })
      .then(function (list) {
        useBadgeList(list);
        return store("readwrite", function (s) { return s.put({ fair: fairId, list: list, at: Date.now() }); },
                     "badges");
      })
      .catch(function () { /* keep the cached list */ });
  }

  // ---- talking to the server ----------------------------------------------------------------
  function send(scan) {
    return fetch(postUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ code: scan.code, gate: scan.gate, nonce: scan.nonce, scanned_at: scan.scanned_at })
    }).then(function (response) {
      if (response.status === 200) { return response.json(); }
      if (response.status === 403) { return { result: "forbidden", dropped: true }; }  // no longer assigned here
      if (response.status >= 400 && response.status < 500 && response.status !== 429) {
        return { result: "invalid", dropped: true };  // malformed: retrying cannot help
      }
      throw new Error("server " + response.status);
    });
  }
  function sync() {
    if (syncing || !navigator.onLine) { return Promise.resolve(); }
    syncing = true;
    return showPending().then(function (items) {
      return items.reduce(function (chain, item) {
        return chain.then(function () {
          return send(item).then(function () { return unqueue(item.nonce); })
            .then(function () { markSent(item.nonce); });
        });
      }, Promise.resolve());
    }).catch(function () { /* still offline: keep the queue */ })
      .then(function () { syncing = false; return showPending(); });
  }

  // ---- showing a verdict ------------------------------------------------------------------------
  var audio = null;
  function beep(kind) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var plan = kind === "green" ? [[880, 0.12]] : kind === "amber" ? [[660, 0.1], [660, 0.1]] : [[220, 0.45]];
      var at = audio.currentTime;
      plan.forEach(function (tone) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = tone[0];
        gain.gain.value = 0.2;
        osc.connect(gain); gain.connect(audio.destination);
        osc.start(at); osc.stop(at + tone[1]);
        at += tone[1] + 0.08;
      });
    } catch (e) { /* no sound available */ }
  }
  function show(answer, offline, nonce) {
    var colour = COLOURS[answer.result] || "red";
    verdictBox.className = "verdict verdict--" + colour;
    verdictBox.dataset.result = answer.result;
    var word = answer.result === "not_open" && answer.not_open === "after" ? labels.not_open_after
      : labels[answer.result] || answer.result;
    var visitor = answer.visitor;
    root.querySelector("[data-verdict-word]").textContent = word;
    root.querySelector("[data-verdict-who]").textContent = visitor
      ? visitor.full_name + (visitor.organisation ? " · " + visitor.organisation : "") : "";
    var detail = "";
    if (answer.first_checkin_at) {
      var time = new Date(answer.first_checkin_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      detail = labels.first.replace("{time}", time).replace("{gate}", answer.first_gate || "");
    }
    var detailBox = root.querySelector("[data-verdict-detail]");
    if (offline) { detail = (detail ? detail + " · " : "") + labels.queued; detailBox.dataset.queuedNonce = nonce; }
    else { delete detailBox.dataset.queuedNonce; }
    detailBox.textContent = detail;
    beep(colour);
    var item = document.createElement("li");
    item.className = "scanner__log-item scanner__log-item--" + colour;
    item.textContent = new Date().toLocaleTimeString() + " · " + word + (visitor ? " · " + visitor.full_name : "") +
      (offline ? " · " + labels.queued : "");
    if (offline) { item.dataset.queuedNonce = nonce; }
    log.insertBefore(item, log.firstChild);
    while (log.children.length > 20) { log.removeChild(log.lastChild); }
  }

  // ---- one scan -----------------------------------------------------------------------------------
  function handle(code) {
    code = (code || "").trim();
    if (!code) { return; }
    var scan = { fair: fairId, code: code, gate: gateSelect.value, nonce: newNonce(),
                 scanned_at: new Date().toISOString() };
    function offline() {
      var verdict = localVerdict(code);
      if (verdict.result === "admitted") { rememberAdmitted(verdict.serial); }
      show(verdict, true, scan.nonce);
      return queue(scan);
    }
    if (!navigator.onLine) { return offline(); }
    return send(scan).then(function (answer) {
      var badge = readCode(code);
      if (answer.result === "admitted" && badge) { rememberAdmitted(badge.serial); }
      show(answer, false);
      sync();
    }, offline);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = input.value;
    input.value = "";
    handle(code);
    input.focus();
  });
  try {
    var savedGate = localStorage.getItem("gate:" + fairId);
    if (savedGate) { gateSelect.value = savedGate; }
  } catch (e) { /* private mode */ }
  gateSelect.addEventListener("change", function () {
    try { localStorage.setItem("gate:" + fairId, gateSelect.value); } catch (e) { /* private mode */ }
  });

  function showNetwork() {
    var online = navigator.onLine;
    network.textContent = document.querySelector(online ? "[data-online-word]" : "[data-offline-word]").innerHTML;
    network.className = "badge " + (online ? "badge--open" : "badge--closed");
    if (online) { sync(); }
  }
  window.addEventListener("online", showNetwork);
  window.addEventListener("offline", showNetwork);
  window.setInterval(sync, 10000);
  window.setInterval(refreshBadgeList, 10 * 60 * 1000);  // new registrations reach the offline list
  showNetwork();
  showPending();
  loadBadgeList().then(refreshBadgeList);

  // ---- camera (static/js/qr_camera.js) ----------------------------------------------------------
  // Trouble with the camera is the device's, not a badge's: said in words, never shown or sent as a scan.
  var toggleCamera = window.qrCamera(root.querySelector("[data-video]"), root.querySelector("[data-canvas]"),
                                     function (code) { handle(code); },
                                     function (kind) {
                                       cameraMessage.textContent = labels["camera_" + kind] || labels.camera_error;
                                       cameraMessage.dataset.kind = kind;
                                       cameraMessage.hidden = false;
                                       input.focus();
                                     });
  root.querySelector("[data-camera]").addEventListener("click", function () {
    cameraMessage.hidden = true;
    toggleCamera();
  });
}());
