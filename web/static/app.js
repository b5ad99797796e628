/* Gamontj web: progressive enhancements only. Every form also works without this file. */
(function () {
  "use strict";

  var zone = (Intl.DateTimeFormat().resolvedOptions().timeZone) || "UTC";
  // The server renders the calendar in this zone (a preference, not a secret).
  document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; SameSite=Lax; max-age=31536000";

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrf-token"] || "";
    } catch (e) {
      return "";
    }
  }

  function once(element, name) {
    var flag = "gamontjReady" + name;
    if (element.dataset[flag]) { return false; }
    element.dataset[flag] = "1";
    return true;
  }

  /* Time zones: preselect the browser's own where the page has no explicit choice. */
  function preselectZone(root) {
    root.querySelectorAll('[data-browser-default="yes"]').forEach(function (field) {
      if (!once(field, "Zone")) { return; }
      if (field.tagName === "SELECT") {
        if (field.querySelector('option[value="' + zone + '"]')) { field.value = zone; }
      } else {
        field.value = zone;
      }
    });
  }

  /* Text length as each provider counts it. */
  var segmenter = (typeof Intl.Segmenter === "function") ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  var URL_PATTERN = /https?:\/\/[^\s]+/g;
  function lengthFor(provider, text, urlWeight) {
    if (provider === "tiktok") { return text.length; } // UTF-16 code units
    if (provider === "bluesky") {
      if (!segmenter) { return Array.from(text).length; }
      var count = 0;
      for (var part of segmenter.segment(text)) { count += 1; }
      return count;
    }
    if (provider === "mastodon") { // a link counts as the instance says (23 by default)
      return Array.from(text.replace(URL_PATTERN, "x".repeat(urlWeight || 23))).length;
    }
    return Array.from(text).length;
  }

  function composer(root) {
    var form = root.querySelector ? root.querySelector("#composer") : null;
    if (!form || !once(form, "Composer")) { return; }
    var text = form.querySelector("#text");
    var targets = Array.prototype.slice.call(form.querySelectorAll(".target"));
    function update() {
      targets.forEach(function (target) {
        var id = target.dataset.connection;
        var box = target.querySelector('input[name="target"]');
        var limit = parseInt(target.dataset.limit || "0", 10);
        var used = lengthFor(target.dataset.provider, text.value, parseInt(target.dataset.urlWeight || "0", 10));
        var counter = target.querySelector(".counter");
        var over = limit > 0 && used > limit;
        counter.textContent = used + " / " + limit + (over ? " (" + (used - limit) + " over)" : "");
        counter.classList.toggle("over", over);
        target.classList.toggle("chosen", box.checked);
        var settings = target.querySelector('.target-settings[data-for="' + id + '"]');
        if (settings) { settings.hidden = !box.checked; }
      });
    }
    text.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  function upload(root) {
    var form = root.querySelector ? root.querySelector("#upload-form") : null;
    if (!form || !once(form, "Upload")) { return; }
    var input = form.querySelector('input[type="file"]');
    var box = form.querySelector(".upload-progress");
    var bar = form.querySelector("progress");
    var percent = form.querySelector(".upload-percent");
    var problem = form.querySelector(".upload-error");
    function fail(message) {
      problem.textContent = message;
      problem.hidden = false;
      box.hidden = true;
    }
    form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (!file) { return; } // the browser's own required-field message
      event.preventDefault();
      problem.hidden = true;
      box.hidden = false;
      bar.value = 0;
      var type = file.type || "application/octet-stream";
      fetch("/media/tickets", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "x-csrf-token": csrfToken() },
        body: JSON.stringify({ filename: file.name, content_type: type, size: file.size })
      }).then(function (answer) {
        return answer.json().then(function (body) {
          if (!answer.ok) { throw new Error(body.detail || "The upload was refused."); }
          return body;
        });
      }).then(function (ticket) {
        var request = new XMLHttpRequest();
        request.open("PUT", ticket.upload_url);
        request.setRequestHeader("Content-Type", type);
        request.upload.addEventListener("progress", function (progress) {
          if (progress.lengthComputable) {
            var value = Math.round(progress.loaded * 100 / progress.total);
            bar.value = value;
            bar.textContent = value + "%";
            percent.textContent = value + "%";
          }
        });
        request.addEventListener("load", function () {
          if (request.status >= 300) { fail("Storage refused the file (" + request.status + ")."); return; }
          bar.value = 100;
          percent.textContent = "Uploaded; checking the file…";
          form.reset();
          if (window.htmx) {
            window.htmx.ajax("GET", "/media/items", { target: "#media-items", swap: "outerHTML" });
          } else {
            window.location.reload();
          }
        });
        request.addEventListener("error", function () { fail("The upload was interrupted."); });
        request.send(file);
      }).catch(function (error) { fail(error.message); });
    });
  }

  function init(root) {
    preselectZone(root);
    composer(root);
    upload(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
