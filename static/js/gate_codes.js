// Badge codes as the gate scanner reads them offline: the same layout as visitors/badge_codes.py
// ("F1" + base64url of fair id, serial and Ed25519 signature). Pure: no page, no storage.
(function () {
  "use strict";

  function b64ToBytes(text) {
    var normal = text.replace(/-/g, "+").replace(/_/g, "/");
    while (normal.length % 4) { normal += "="; }
    var binary = atob(normal);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }

  // { fair, serial (text), message (the signed bytes), signature } or null when it is not a badge code.
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

  function newNonce() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID().replace(/-/g, ""); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  window.GateCodes = { b64ToBytes: b64ToBytes, readCode: readCode, newNonce: newNonce };
}());
