// The check-in scanner (templates/pupil/scan.html): the camera through the vendored qr-scanner,
// a photo of the code as the fallback, and the typed code. All three fill the same real form
// and submit it, so a claim made with no signal goes to the outbox like any other write.
// The words shown come from data attributes in the page.
(function () {
  "use strict";
  // What the event's QR code carries: a token, or an https link ending in /c/<token>.
  var TOKEN = /(^|\/c\/)[A-Za-z0-9_-]{6,32}\.\d{1,12}\.[A-Za-z0-9_-]{16}([?#].*)?$/;
  var scanner = null;

  function $(selector, root) { return (root || document).querySelector(selector); }

  function box() { return $("[data-scanner]"); }

  function status(message, isError) {
    var line = $("[data-scan-status]");
    if (line) {
      line.textContent = message || "";
      line.classList.toggle("field-error", !!isError);
    }
  }

  function cameraButtons(running) {
    var off = $("[data-camera-off]");
    var on = $("[data-camera-on]");
    if (off) { off.hidden = running; }
    if (on) { on.hidden = !running; }
  }

  function stop() {
    if (scanner) {
      scanner.destroy();
      scanner = null;
    }
    cameraButtons(false);
  }

  // A code was read: send it with the time this phone read it (docs/verification.md).
  function claim(text) {
    var form = $("form[data-checkin-form]");
    if (!form) {
      return;
    }
    stop();
    form.querySelector('[name="token"]').value = text.trim();
    form.querySelector('[name="typed"]').value = "";
    form.querySelector('[name="scanned_at"]').value = new Date().toISOString();
    form.dataset.scanned = "1";
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.querySelector('[type="submit"]').click();   // Safari before 16
    }
  }

  function decoded(result) {
    var text = (result && result.data) || "";
    if (TOKEN.test(text.trim())) {
      claim(text);
    } else {
      status(box().dataset.notACode, true);
    }
  }

  function start() {
    var video = $("[data-video]");
    stop();
    scanner = new QrScanner(video, decoded, {
      returnDetailedScanResult: true,
      preferredCamera: "environment",
      maxScansPerSecond: 5,
      onDecodeError: function () {}   // "no code in this frame" many times a second
    });
    cameraButtons(true);
    status(box().dataset.looking, false);
    scanner.start().catch(function (error) {
      stop();
      var denied = error && (error.name === "NotAllowedError" || /permission|denied/i.test(String(error)));
      status(denied ? box().dataset.denied : box().dataset.noCamera, true);
    });
  }

  function photo(input) {
    var file = input.files && input.files[0];
    if (!file) {
      return;
    }
    QrScanner.scanImage(file, { returnDetailedScanResult: true }).then(decoded, function () {
      status(box().dataset.noCodeInPhoto, true);
    }).then(function () { input.value = ""; });
  }

  // The scanner needs the library (not there if this page was never opened online before it
  // was saved for offline use); without it the typed code still works.
  function setup() {
    var section = box();
    if (!section || typeof QrScanner === "undefined") {
      return;
    }
    section.hidden = false;
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-start-camera]")) {
      start();
    } else if (event.target.closest("[data-stop-camera]")) {
      stop();
      status("", false);
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-scan-photo]")) {
      photo(event.target);
    }
  });

  // Before htmx reads the form: a typed code is sent without any earlier token, stamped now;
  // a scanned code keeps the time it was read.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-checkin-form]")) {
      return;
    }
    if (form.dataset.scanned) {
      delete form.dataset.scanned;
    } else {
      form.querySelector('[name="token"]').value = "";
      form.querySelector('[name="scanned_at"]').value = new Date().toISOString();
    }
  }, true);

  // The answer replaces the form: let the camera go first, then offer it again.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "checkin") {
      stop();
    }
  });
  document.addEventListener("htmx:afterSettle", setup);

  setup();
})();
