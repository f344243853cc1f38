/* Event mode on a shared device: clear an untouched page after a warning; print the letter. */
(function () {
  "use strict";

  function setupIdleClear() {
    var banner = document.querySelector("[data-event-idle]");
    if (!banner) { return; }
    var idle = parseInt(banner.getAttribute("data-event-idle"), 10) * 1000;
    var warning = parseInt(banner.getAttribute("data-event-warning"), 10) * 1000;
    var box = banner.querySelector(".event-warning");
    var clearForm = banner.querySelector("[data-event-clear]");
    var warnTimer = null;
    var clearTimer = null;

    function restart() {
      window.clearTimeout(warnTimer);
      window.clearTimeout(clearTimer);
      box.hidden = true;
      warnTimer = window.setTimeout(warn, Math.max(idle - warning, 1000));
    }
    function warn() {
      box.hidden = false;
      box.querySelector("[data-event-stay]").focus();
      clearTimer = window.setTimeout(function () { clearForm.submit(); }, warning);
    }
    ["keydown", "pointerdown", "input", "scroll"].forEach(function (name) {
      document.addEventListener(name, function () { if (box.hidden) { restart(); } }, true);
    });
    box.querySelector("[data-event-stay]").addEventListener("click", restart);
    restart();
  }

  function setupPrint() {
    var frame = document.querySelector("iframe[data-print-frame-target]");
    if (!frame) { return; }
    var again = document.querySelector("[data-print-frame]");
    function print() {
      try { frame.contentWindow.focus(); frame.contentWindow.print(); } catch (e) { /* the viewer's own button still works */ }
    }
    // Only a browser that shows PDFs itself can print one from a frame ("where the browser
    // allows"); elsewhere the frame's own viewer, or the staff, take over. The print window
    // opens when the supporter asks, so it never jumps in front of someone still reading.
    if (navigator.pdfViewerEnabled !== true || !again) { return; }
    again.hidden = false;
    again.addEventListener("click", print);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupIdleClear();
    setupPrint();
  });
}());
