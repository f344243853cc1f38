/* The letter editor: insert a snippet (figure, citation, variant) at the cursor, and refresh the
   preview beside the text as you type. Without JavaScript the "Show the preview" button does
   the same on the server and the snippets are listed to copy. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-preview]");
  if (!form) return;
  var body = form.querySelector("textarea[name=body]");
  var region = form.querySelector("[data-preview-region]");

  var picker = form.querySelector("[data-snippets]");
  if (picker && body) {
    picker.hidden = false;
    picker.querySelector("[data-insert-snippet]").addEventListener("click", function () {
      var text = picker.querySelector("select").value;
      var start = body.selectionStart, end = body.selectionEnd;
      body.value = body.value.slice(0, start) + text + body.value.slice(end);
      body.focus();
      body.selectionStart = body.selectionEnd = start + text.length;
      body.dispatchEvent(new Event("input"));
    });
  }

  if (!region || !body || !window.fetch) return;
  var timer = null;
  function refresh() {
    var data = new FormData(form);
    data.delete("action");
    fetch(form.getAttribute("data-live-preview"), {
      method: "POST", body: data, credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) region.innerHTML = html; })
      .catch(function () {});
  }
  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 600);
  }
  body.addEventListener("input", later);
  ["place", "sample"].forEach(function (name) {
    var field = form.querySelector("[name=" + name + "]");
    if (field) field.addEventListener("change", refresh);
  });
})();

/* The letter editor's "Insert" buttons: with JavaScript the chosen fact goes in at the cursor of
   its box, with no round trip; without it the button posts and the server adds it at the end. */
(function () {
  "use strict";
  var rows = document.querySelectorAll("[data-chip-insert]");
  Array.prototype.forEach.call(rows, function (row) {
    var box = document.getElementById(row.getAttribute("data-chip-insert"));
    var button = row.querySelector("button");
    var menu = row.querySelector("select");
    if (!box || !button || !menu) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var text = menu.value;
      var start = box.selectionStart, end = box.selectionEnd;
      var before = box.value.slice(0, start);
      var space = before && !/\s$/.test(before) ? " " : "";
      box.value = before + space + text + box.value.slice(end);
      box.focus();
      box.selectionStart = box.selectionEnd = start + space.length + text.length;
      box.dispatchEvent(new Event("input"));
    });
  });
})();

/* Spelling marks behind a letter editor box belong to the checked text: once the box is typed
   in they no longer line up, so they go (the next check marks the new text). */
(function () {
  "use strict";
  var layers = document.querySelectorAll("[data-marks-for]");
  Array.prototype.forEach.call(layers, function (layer) {
    var box = document.getElementById(layer.getAttribute("data-marks-for"));
    if (!box) return;
    box.addEventListener("input", function () { layer.hidden = true; }, { once: true });
    box.addEventListener("scroll", function () { layer.scrollTop = box.scrollTop; });
  });
})();
