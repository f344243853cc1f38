/* Sharing from the thank-you page; the page works without this file.
   - the browser's own share sheet, offered only where the browser has one
   - the link's box selects its whole text when it takes focus, ready to copy
   (The "Copy the link" button is site.js's copy button, as for the letter's text.) */
(function () {
  "use strict";

  function setupNativeShare() {
    var button = document.querySelector("[data-share-native]");
    if (!button || typeof navigator.share !== "function") { return; }
    // Inside a partner's frame the sheet is refused unless the frame allows it: not offered.
    if (window.self !== window.top) { return; }
    var data = {
      title: button.getAttribute("data-share-title") || document.title,
      text: button.getAttribute("data-share-text") || "",
      url: button.getAttribute("data-share-url")
    };
    if (typeof navigator.canShare === "function" && !navigator.canShare(data)) { return; }
    var item = button.closest("[data-share-native-item]");
    if (item) { item.hidden = false; }
    button.hidden = false;
    button.addEventListener("click", function () {
      // Cancelling the sheet rejects: nothing to say, the other ways are still on the page.
      navigator.share(data).catch(function () {});
    });
  }

  function setupSelectOnFocus() {
    document.querySelectorAll("input[data-select-on-focus]").forEach(function (box) {
      box.addEventListener("focus", function () { box.select(); });
    });
  }

  setupNativeShare();
  setupSelectOnFocus();
})();
