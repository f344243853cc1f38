/* Small progressive enhancements; every page works without this file.
   - character counter for textareas with data-counter
   - "Copy the text" button for the letter
   - a filter for the constituency list */
(function () {
  "use strict";

  function setupCounters() {
    document.querySelectorAll("textarea[data-counter]").forEach(function (area) {
      var out = document.getElementById(area.getAttribute("data-counter"));
      var max = parseInt(area.getAttribute("data-max"), 10);
      if (!out || !max) { return; }
      var timer = null;
      // The page's own words for each plural category ("one", "other"; Welsh has six).
      var forms = { left: JSON.parse(out.getAttribute("data-left") || "{}"),
                    over: JSON.parse(out.getAttribute("data-over") || "{}") };
      var rules = new Intl.PluralRules(document.documentElement.lang || "en");
      function say(kind, n) {
        var words = forms[kind][rules.select(n)] || forms[kind].other || "%(num)d";
        return words.replace("%(num)d", String(n));
      }
      function update() {
        // Count characters as people see them, not UTF-16 units.
        var used = Array.from(area.value).length;
        var left = max - used;
        out.textContent = left >= 0 ? say("left", left) : say("over", -left);
        out.classList.toggle("over", left < 0);
      }
      out.hidden = false;
      update();
      // Announce after typing pauses, so screen readers are not flooded.
      area.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(update, 400);
      });
    });
  }

  function setupCopy() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!source || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.value || source.textContent).then(function () {
          if (status) { status.textContent = status.getAttribute("data-copied"); }
        }, function () {
          if (status) { status.textContent = status.getAttribute("data-failed"); }
        });
      });
    });
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[’']/g, "'").trim();
  }

  function setupFilter() {
    var input = document.getElementById("constituency-filter");
    var list = document.getElementById("constituency-list");
    var status = document.getElementById("constituency-filter-status");
    var wrap = document.getElementById("constituency-filter-wrap");
    if (!input || !list) { return; }
    if (wrap) { wrap.hidden = false; }
    var items = Array.prototype.slice.call(list.querySelectorAll("li"));
    var names = items.map(function (li) { return fold(li.getAttribute("data-name") || li.textContent); });
    var timer = null;
    function apply() {
      var wanted = fold(input.value);
      var shown = 0;
      items.forEach(function (li, i) {
        var match = !wanted || names[i].indexOf(wanted) !== -1;
        li.hidden = !match;
        if (match) { shown += 1; }
      });
      if (status) {
        status.textContent = shown === 1 ? "1 constituency shown" : shown + " constituencies shown";
      }
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 200);
    });
  }

  function setupDoneLinks() {
    // After a download or an email app opens, take the supporter on to the thank-you page.
    document.querySelectorAll("a[data-then]").forEach(function (link) {
      link.addEventListener("click", function () {
        var next = link.getAttribute("data-then");
        window.setTimeout(function () { window.location.assign(next); }, 1500);
      });
    });
  }

  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupCounters();
    setupCopy();
    setupFilter();
    setupDoneLinks();
    focusErrorSummary();
  });
}());
