// Camera scanning for a plain form: the first QR code read fills the form's input and submits it.
// A handheld scanner needs none of this (it types the code and Enter into the input).
(function () {
  "use strict";
  var root = document.querySelector("[data-qr-scan]");
  if (!root || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
  var form = root.querySelector("[data-qr-form]");
  var input = form.querySelector("input[name=code]");
  var button = root.querySelector("[data-qr-camera]");
  var video = root.querySelector("[data-video]");
  var canvas = root.querySelector("[data-canvas]");
  var stream = null;
  button.hidden = false;
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
      if (found && found.data) {
        stop();
        input.value = found.data;
        form.submit();
        return;
      }
    }
    window.setTimeout(function () { window.requestAnimationFrame(tick); }, 120);
  }
  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) { stream = media; video.srcObject = media; video.hidden = false; return video.play(); })
      .then(tick)
      .catch(stop);
  });
}());
