/* Homeroom preview only (never in the published site): reload this tab when the site is
   rebuilt, and show content problems over the page until they are fixed. */
(function () {
  "use strict";
  var loaded = document.currentScript.getAttribute("data-build");
  var overlay = null;

  function show(problems) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "homeroom-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;overflow:auto;z-index:99999;padding:1.5rem;" +
        "background:rgba(255,255,255,.97);color:#7a1b0c;font:15px/1.5 ui-monospace,monospace;" +
        "white-space:pre-wrap;border-top:6px solid #a83a1f;direction:ltr;text-align:left";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "The last change has a problem; this page is the last good build.\n\n" +
      problems.join("\n\n") + "\n\nFix it and save: this tab reloads by itself.";
  }

  var events = new EventSource("/__homeroom__/events");
  events.addEventListener("build", function (event) {
    var build = JSON.parse(event.data);
    if (build.problems.length) {
      show(build.problems);
    } else if (String(build.version) !== loaded) {
      location.reload();
    }
  });
}());
