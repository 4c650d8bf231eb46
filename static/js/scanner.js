// Gate scanner: camera (jsQR) or a handheld scanner typing code + Enter; a big verdict with a sound;
// the last 20 scans. Offline, badges are verified here with the fair's public key (tweetnacl), scans
// are queued in IndexedDB with their time, nonce and the verdict given here, and sent once when the network
// returns (the log then says "sent" where it said "will be sent"); a server answer that differs from the
// offline verdict is listed under "Different once sent" until the steward has seen it. Outside the fair's
// days the verdict is "not open" (amber). Camera trouble is said in words beside the camera button: it is
// never a scan. The fair's badge list (visitors/badge_list.py: serial → name, organisation, type, revoked; the
// public key and gate days) is kept in IndexedDB and refreshed when online (If-None-Match, then the changes
// since the last cursor), so an offline verdict names the visitor and refuses a revoked badge. The page itself
// opens with no network through the service worker (static/js/gate_sw.js, registered by gate_app.js). Badge codes
// are read by gate_codes.js; the phone's copy (queue, badge list, differences) is kept by gate_store.js.
(function () {
  "use strict";
  var root = document.querySelector("[data-scanner]");
  if (!root) { return; }

  // The badge codes and the phone's copy live in gate_codes.js and gate_store.js, loaded before this file.
  var b64ToBytes = window.GateCodes.b64ToBytes, readCode = window.GateCodes.readCode;
  var newNonce = window.GateCodes.newNonce, store = window.GateStore.store;
  var fairId = Number(root.dataset.fairId);
  var publicKey = b64ToBytes(root.dataset.publicKey);
  var revoked = new Set(JSON.parse(root.dataset.revoked));
  var labels = JSON.parse(root.dataset.labels);
  var postUrl = root.dataset.postUrl;
  var csrf = root.dataset.csrf;
  var listStatus = root.querySelector("[data-list-status]");
  var reconcileBox = root.querySelector("[data-reconcile]");
  var reconcileList = root.querySelector("[data-reconcile-list]");
  var loginMessage = root.querySelector("[data-login-message]");
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
  // The fair's list in memory: { etag, cursor, refreshedAt, total, count, publicKey, gateDays, types, organisations,
  // rows: Map(serial → [serial, name, organisation index, type index, revoked 0/1]) } (stored by gate_store.js).
  var badgeList = null;

  // ---- small helpers -------------------------------------------------------------------------
  function admittedToday() {
    try { return new Set(JSON.parse(localStorage.getItem(TODAY_KEY) || "[]")); } catch (e) { return new Set(); }
  }
  function rememberAdmitted(serial) {
    var seen = admittedToday();
    seen.add(serial);
    try { localStorage.setItem(TODAY_KEY, JSON.stringify(Array.from(seen))); } catch (e) { /* private mode */ }
  }

  // ---- offline verification: the same rules as the server, from what the page knows ----------
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
    var known = badgeList && badgeList.rows.get(badge.serial);
    var visitor = known ? { full_name: known[1], organisation: badgeList.organisations[known[2]] || "",
                            visitor_type: badgeList.types[known[3]] } : null;
    if (revoked.has(badge.serial) || (known && known[4])) { return { result: "revoked", visitor: visitor }; }
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

  // ---- the badge list, kept for offline verdicts ----------------------------------------------------
  function useBadgeList(list) {
    badgeList = list;
    if (list.publicKey) { publicKey = b64ToBytes(list.publicKey); }
    if (list.gateDays) {
      days = { opens: list.gateDays.opens_on, starts: list.gateDays.starts_on, ends: list.gateDays.ends_on };
    }
    root.dataset.badgeList = String(list.count);
    var at = new Date(list.refreshedAt);
    listStatus.textContent = labels.list_updated
      .replace("{time}", ("0" + at.getHours()).slice(-2) + ":" + ("0" + at.getMinutes()).slice(-2))
      .replace("{n}", list.count.toLocaleString());
  }
  function loadBadgeList() {
    return window.GateStore.loadBadgeList(fairId).then(function (record) {
      if (record) { useBadgeList(record); }
    }).catch(function () { /* no copy yet */ });
  }
  function fetchBadgeList(previous) {
    var url = root.dataset.badgesUrl;
    var headers = { "Accept": "application/json" };
    if (previous) {
      url += "?since=" + encodeURIComponent(previous.cursor);
      if (previous.etag) { headers["If-None-Match"] = previous.etag; }
    }
    return fetch(url, { credentials: "same-origin", cache: "no-store", headers: headers });
  }
  function refreshBadgeList(again) {
    if (!navigator.onLine) { return Promise.resolve(); }
    var previous = badgeList;
    return fetchBadgeList(previous).then(function (response) {
      if (response.status === 304 && previous) {
        previous.refreshedAt = Date.now();
        return window.GateStore.touchBadgeList(fairId, previous.refreshedAt).then(function () {
          useBadgeList(previous);
        });
      }
      if (response.status !== 200 || response.redirected) { throw new Error("badges " + response.status); }
      return response.text().then(function (text) {
        var next = window.GateStore.merged(fairId, previous, JSON.parse(text), text);
        next.etag = response.headers.get("ETag");
        next.refreshedAt = Date.now();
        if (next.count !== next.total && !again) {  // missed something (or a badge went away): the whole list
          badgeList = null;
          return refreshBadgeList(true);
        }
        return window.GateStore.saveBadgeList(fairId, next).then(function () { useBadgeList(next); });
      });
    }).catch(function () { /* keep the copy we have */ });
  }

  // ---- scans whose server answer differs from the offline verdict ------------------------------------
  function verdictWord(result, notOpen) {
    return result === "not_open" && notOpen === "after" ? labels.not_open_after : labels[result] || result;
  }
  function showReconciled() {
    return store("readonly", function (s) { return s.getAll(); }, "reconcile").then(function (items) {
      items = items.filter(function (item) { return item.fair === fairId; });
      reconcileList.textContent = "";
      items.sort(function (a, b) { return a.scanned_at < b.scanned_at ? 1 : -1; });
      items.forEach(function (item) {
        var line = document.createElement("li");
        line.dataset.nonce = item.nonce;
        line.dataset.offline = item.offline;
        line.dataset.server = item.server;
        var time = new Date(item.scanned_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
        var text = labels.reconcile_line.replace("{time}", time).replace("{gate}", item.gate)
          .replace("{offline}", verdictWord(item.offline, item.offline_not_open))
          .replace("{server}", verdictWord(item.server, item.not_open));
        if (item.name) { text = item.name + " · " + text; }
        if (item.first_checkin_at) {
          var first = new Date(item.first_checkin_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
          text += " (" + labels.first.replace("{time}", first).replace("{gate}", item.first_gate || "") + ")";
        }
        line.textContent = text;
        reconcileList.appendChild(line);
      });
      reconcileBox.hidden = items.length === 0;
    }).catch(function () { /* nothing to show */ });
  }
  function reconcile(item, answer) {
    if (!item.offline || answer.result === item.offline) { return Promise.resolve(); }
    var visitor = answer.visitor;
    return store("readwrite", function (s) {
      return s.put({ nonce: item.nonce, fair: item.fair, gate: item.gate, scanned_at: item.scanned_at,
                     name: visitor ? visitor.full_name : item.name || "", offline: item.offline,
                     offline_not_open: item.offline_not_open || null, server: answer.result,
                     not_open: answer.not_open || null, first_checkin_at: answer.first_checkin_at || null,
                     first_gate: answer.first_gate || null });
    }, "reconcile").then(showReconciled);
  }
  root.querySelector("[data-reconcile-clear]").addEventListener("click", function () {
    store("readwrite", function (s) { return s.clear(); }, "reconcile").then(showReconciled);
  });

  // ---- talking to the server ----------------------------------------------------------------
  // A page opened from the service worker's cache carries an old CSRF token: a fresh one before sending.
  function renewToken() {
    return fetch(root.dataset.sessionUrl, { credentials: "same-origin", cache: "no-store",
                                            headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.redirected || response.status === 401) { throw new LoginNeeded(); }
        if (response.status !== 200) { throw new Error("session " + response.status); }
        return response.json();
      }).then(function (body) { csrf = body.csrf; loginMessage.hidden = true; });
  }
  function LoginNeeded() { this.message = "log in again"; }
  // Hall Wi-Fi often stays "connected" while nothing gets through: a scan waits SEND_WAIT_MS for the server,
  // then is judged here and queued (if the server did get it, the resend is a replay of the same nonce). Until a
  // send succeeds again the gate counts as offline and scans are judged here at once.
  var SEND_WAIT_MS = 3000;
  var reachable = true;
  function setReachable(value) {
    if (reachable !== value) { reachable = value; showNetwork(); }
  }
  function post(scan) {
    var body = { code: scan.code, gate: scan.gate, nonce: scan.nonce, scanned_at: scan.scanned_at };
    if (scan.offline) { body.offline_result = scan.offline; }
    var abort = window.AbortController ? new AbortController() : null;
    var timer = abort ? window.setTimeout(function () { abort.abort(); }, SEND_WAIT_MS) : null;
    return fetch(postUrl, {
      method: "POST", credentials: "same-origin", signal: abort ? abort.signal : undefined,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      window.clearTimeout(timer);
      setReachable(true);
      return response;
    }, function (error) {
      window.clearTimeout(timer);
      setReachable(false);
      throw error;
    });
  }
  // The verdict, or an error that leaves the scan queued: no network, the server busy (429, 503 "retry later"
  // and any 5xx), a stale token twice, or a session that ended (the login page answers: log in again).
  function send(scan, retried) {
    return post(scan).then(function (response) {
      if (response.redirected || response.status === 401) { throw new LoginNeeded(); }
      if (response.status === 200) { return response.json(); }
      if (response.status === 400 && !retried) {  // the CSRF token: renew it, then once more
        return renewToken().then(function () { return send(scan, true); });
      }
      if (response.status === 403) { return { result: "forbidden", dropped: true }; }  // no longer assigned here
      if (response.status === 422) { return { result: "invalid", dropped: true }; }  // malformed: retrying cannot help
      throw new Error("server " + response.status);
    });
  }
  function sendQueue() {
    return showPending().then(function (items) {
      if (!items.length) { return null; }
      return renewToken().then(function () {
        return items.reduce(function (chain, item) {
          return chain.then(function () {
            return send(item).then(function (answer) {
              return reconcile(item, answer).then(function () { return unqueue(item.nonce); });
            }).then(function () { markSent(item.nonce); });
          });
        }, Promise.resolve());
      });
    });
  }
  function sync() {
    if (syncing || !navigator.onLine) { return Promise.resolve(); }
    syncing = true;
    // One tab sends the queue at a time (the server's nonce rule makes a second send harmless anyway).
    var run = navigator.locks ? navigator.locks.request("gate-scanner-sync", sendQueue) : sendQueue();
    return run.catch(function (error) {  // still offline, or the server asks us to retry later: keep the queue
      if (error instanceof LoginNeeded) { loginMessage.hidden = false; }
    }).then(function () { syncing = false; return showPending(); });
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
      scan.offline = verdict.result;
      scan.offline_not_open = verdict.not_open || null;
      scan.name = verdict.visitor ? verdict.visitor.full_name : "";
      show(verdict, true, scan.nonce);
      return queue(scan);
    }
    if (!navigator.onLine || !reachable) { return offline(); }
    return send(scan, true).then(function (answer) {
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
    var online = navigator.onLine && reachable;
    network.textContent = document.querySelector(online ? "[data-online-word]" : "[data-offline-word]").innerHTML;
    network.className = "badge " + (online ? "badge--open" : "badge--closed");
    if (online) { sync(); refreshBadgeList(); }
  }
  window.addEventListener("online", function () { reachable = true; });
  window.addEventListener("online", showNetwork);
  window.addEventListener("offline", showNetwork);
  window.setInterval(sync, 10000);
  // New registrations and revocations reach the phone: a 304 when nothing changed, else the changes only.
  window.setInterval(function () { refreshBadgeList(); }, 2 * 60 * 1000);
  showPending();
  showReconciled();
  loadBadgeList().then(function () { showNetwork(); });

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
