/* On a partner's page, beside a campaign's <iframe data-letters-embed>: size each such frame to
   the page inside it. Only messages from this script's own site are read, and only a height. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.URL) { return; }
  var origin = new URL(script.src, window.location.href).origin;
  var MESSAGE = "letters-embed:height";
  var MIN_HEIGHT = 150;
  var MAX_HEIGHT = 20000;

  window.addEventListener("message", function (event) {
    if (event.origin !== origin) { return; }
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== MESSAGE) { return; }
    var height = Number(data.height);
    if (!isFinite(height)) { return; }
    height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height)));
    var frames = document.querySelectorAll("iframe[data-letters-embed]");
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = height + "px";
      }
    }
  });
})();
