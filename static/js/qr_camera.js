// The phone camera as a QR reader (jsQR): one place for the gate scanner and the lead form.
// qrCamera(video, canvas, onCode, onError) returns a toggle(): the first call starts the rear
// camera and calls onCode(text) for each code read (the same code again only after 3 s); the
// next call stops it. When the camera cannot start, onError(kind) says why, never a code:
// "denied" (permission refused), "missing" (no camera), "unavailable" (no camera API here: an
// insecure http address or an old browser) or "error" (anything else, e.g. in use elsewhere).
(function () {
  "use strict";
  window.qrCamera = function (video, canvas, onCode, onError) {
    var stream = null, lastCode = "", lastAt = 0;
    function stop() {
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      stream = null; video.hidden = true;
    }
    function tick() {
      if (!stream) { return; }
      if (video.readyState === video.HAVE_ENOUGH_DATA && window.jsQR) {
        canvas.width = video.videoWidth; canvas.height = video.videoHeight;
        var context = canvas.getContext("2d", { willReadFrequently: true });
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var frame = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "dontInvert" });
        var now = Date.now();
        if (found && found.data && (found.data !== lastCode || now - lastAt > 3000)) {
          lastCode = found.data; lastAt = now;
          if (onCode(found.data, stop) === false) { return; }
        }
      }
      window.setTimeout(function () { window.requestAnimationFrame(tick); }, 120);
    }
    function failed(kind) { stop(); if (onError) { onError(kind); } }
    return function toggle() {
      if (stream) { stop(); return; }
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { failed("unavailable"); return; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) { stream = media; video.srcObject = media; video.hidden = false; return video.play(); })
        .then(tick)
        .catch(function (error) {
          var name = error && error.name;
          failed(name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError" ? "denied"
            : name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError" ? "missing"
            : "error");
        });
    };
  };
}());
