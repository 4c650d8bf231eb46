// Camera scanning for a plain form: the first QR code read fills the form's input and submits it.
// A handheld scanner needs none of this (it types the code and Enter into the input).
(function () {
  "use strict";
  var root = document.querySelector("[data-qr-scan]");
  if (!root || !window.qrCamera || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
  var form = root.querySelector("[data-qr-form]");
  var button = root.querySelector("[data-qr-camera]");
  var toggle = window.qrCamera(root.querySelector("[data-video]"), root.querySelector("[data-canvas]"),
    function (code, stop) {
      stop();
      form.querySelector("input[name=code]").value = code;
      form.submit();
      return false;
    });
  button.hidden = false;
  button.addEventListener("click", toggle);
}());
