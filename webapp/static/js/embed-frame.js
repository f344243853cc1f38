/* Inside a partner's frame (templates/embed/base.html): tell the partner's page how tall this
   page is, so its embed.js can size the frame to it, and open links that leave the journey
   outside the frame (other sites in a new tab; email drafts from the top window). */
(function () {
  "use strict";
  if (window.parent === window) { return; }
  var MESSAGE = "letters-embed:height";
  var last = 0;

  function postHeight() {
    // The html element's own box is as tall as the content (scrollHeight never shrinks below
    // the frame's height, so a page that got shorter would keep the old height).
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height > 0 && height !== last) {
      last = height;
      // Only a number leaves: any page may learn how tall this one is.
      window.parent.postMessage({ type: MESSAGE, height: height }, "*");
    }
  }

  function openOutside() {
    document.querySelectorAll("a[href]").forEach(function (link) {
      if (link.hasAttribute("target")) { return; }
      var url;
      try { url = new URL(link.getAttribute("href"), window.location.href); } catch (e) { return; }
      if (url.protocol === "mailto:") {
        link.setAttribute("target", "_top");
      } else if (url.origin !== window.location.origin) {
        link.setAttribute("target", "_blank");
        link.setAttribute("rel", "noopener");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    openOutside();
    postHeight();
    if (window.ResizeObserver) {
      new ResizeObserver(postHeight).observe(document.documentElement);
    }
  });
  window.addEventListener("load", postHeight);
})();
