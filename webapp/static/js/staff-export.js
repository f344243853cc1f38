/* Download status page: while the file is being made, fetch this page again every two seconds
   and swap in its status region, so progress shows without a full reload. Without JavaScript
   the "Check again" link does the same. */
(function () {
  "use strict";
  var region = document.querySelector("[data-export-status]");
  if (!region || !window.fetch || !window.DOMParser) return;

  function poll() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var fresh = new DOMParser().parseFromString(html, "text/html")
          .querySelector("[data-export-status]");
        if (!fresh) return;
        region.innerHTML = fresh.innerHTML;
        if (fresh.getAttribute("data-export-status") === "running") {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  if (region.getAttribute("data-export-status") === "running") {
    window.setTimeout(poll, 2000);
  }
})();
