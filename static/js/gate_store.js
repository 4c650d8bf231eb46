// The gate scanner's copy on the phone (IndexedDB "gate-scanner"): the queue of scans not yet sent, the
// fair's badge list, and the scans whose server answer differed from the offline verdict. Logging out
// deletes it (logout_cleanup.js). The badge list is kept as one JSON text: storing a string is a copy,
// storing 200,000 little arrays took seconds.
(function () {
  "use strict";

  var dbPromise = null;
  function open() {
    if (dbPromise) { return dbPromise; }
    dbPromise = new Promise(function (resolve, reject) {
      var request = indexedDB.open("gate-scanner", 3);
      request.onupgradeneeded = function (event) {
        if (event.oldVersion < 1) { request.result.createObjectStore("scans", { keyPath: "nonce" }); }
        if (event.oldVersion < 2) { request.result.createObjectStore("badges", { keyPath: "fair" }); }
        if (event.oldVersion < 3) { request.result.createObjectStore("reconcile", { keyPath: "nonce" }); }
      };
      request.onsuccess = function () {
        // Logging out deletes the database: let it, the page is leaving.
        request.result.onversionchange = function () { request.result.close(); };
        resolve(request.result);
      };
      request.onerror = function () { reject(request.error); };
    });
    return dbPromise;
  }

  // Run `work(objectStore)` in one transaction of the store `name` ("scans" by default); resolves with the
  // result of the request `work` returned, once the transaction is complete.
  function store(mode, work, name) {
    name = name || "scans";
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var result = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function rowsOf(badges) {
    var rows = new Map();
    badges.forEach(function (row) { rows.set(String(row[0]), row); });
    return rows;
  }

  // The list after an answer of the badge list endpoint (visitors/badge_list.py): a whole list replaces the
  // copy; changes are laid over it (an answer's organisation indexes are its own, remapped onto the copy's).
  function merged(fairId, previous, list, text) {
    var next = { fair: fairId, cursor: list.cursor, total: list.total, publicKey: list.public_key,
                 gateDays: list.gate_days, types: list.types };
    if (list.full || !previous) {
      next.organisations = list.organisations;
      next.rows = rowsOf(list.badges);
      next.data = text;  // stored as received
    } else {
      var organisations = previous.organisations;
      var index = new Map(organisations.map(function (name, i) { return [name, i]; }));
      var mine = list.organisations.map(function (name) {
        if (!index.has(name)) { index.set(name, organisations.length); organisations.push(name); }
        return index.get(name);
      });
      var rows = previous.rows;
      list.badges.forEach(function (row) {
        rows.set(String(row[0]), [row[0], row[1], row[2] < 0 ? -1 : mine[row[2]], row[3], row[4]]);
      });
      next.organisations = organisations;
      next.rows = rows;
      next.data = JSON.stringify({ organisations: organisations, badges: Array.from(rows.values()) });
    }
    next.count = next.rows.size;
    return next;
  }

  // The stored copy of a fair's list, ready to use (rows as a Map), or undefined.
  function loadBadgeList(fairId) {
    return store("readonly", function (s) { return s.get(fairId); }, "badges").then(function (record) {
      if (!record || typeof record.data !== "string") { return undefined; }  // none, or an older page's format
      var data = JSON.parse(record.data);
      record.organisations = data.organisations;
      record.rows = rowsOf(data.badges);
      delete record.data;
      return record;
    });
  }

  function saveBadgeList(fairId, list) {
    var record = { fair: fairId, etag: list.etag, cursor: list.cursor, refreshedAt: list.refreshedAt,
                   total: list.total, count: list.count, publicKey: list.publicKey, gateDays: list.gateDays,
                   types: list.types, data: list.data };
    delete list.data;
    return store("readwrite", function (s) { return s.put(record); }, "badges");
  }

  // Only the refresh time of the stored list changes (the server answered 304).
  function touchBadgeList(fairId, refreshedAt) {
    return store("readwrite", function (s) {
      var cursor = s.openCursor(fairId);
      cursor.onsuccess = function () {
        if (cursor.result) {
          var value = cursor.result.value;
          value.refreshedAt = refreshedAt;
          cursor.result.update(value);
        }
      };
    }, "badges");
  }

  window.GateStore = { store: store, merged: merged, loadBadgeList: loadBadgeList, saveBadgeList: saveBadgeList,
                       touchBadgeList: touchBadgeList };
}());
