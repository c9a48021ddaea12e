/* Homeroom preview only (never in the published site): reload this tab when the site is
   rebuilt, and show content problems over the page until they are fixed: on an opaque
   panel that covers the whole window, in 16 px text, whatever the page's own styles. */
(function () {
  "use strict";
  var loaded = document.currentScript.getAttribute("data-build");
  var overlay = null;

  function block(tag, css, text) {
    var element = document.createElement(tag);
    element.style.cssText = "margin:0 0 1rem;padding:0;font:inherit;color:inherit;" + css;
    element.textContent = text;
    return element;
  }

  function show(problems) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "homeroom-problems";
      overlay.setAttribute("role", "alert");
      overlay.setAttribute("lang", "en");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "box-sizing:border-box;margin:0;padding:1.5rem max(1.5rem,calc(50vw - 30rem));" +
        "background:#fff;color:#1d1d1d;opacity:1;border-top:8px solid #a83a1f;" +
        "font:16px/1.6 system-ui,-apple-system,'Segoe UI',sans-serif;direction:ltr;" +
        "text-align:left;overflow-wrap:anywhere";
      document.body.appendChild(overlay);
    }
    var plural = problems.length === 1 ? "a problem" : problems.length + " problems";
    overlay.replaceChildren(
      block("h2", "font-size:1.4rem;font-weight:700;line-height:1.3;color:#7a1b0c",
        "The last change has " + plural + "; this page is the last good build."),
      block("ol", "padding-inline-start:1.5rem", ""),
      block("p", "", (problems.length === 1 ? "Fix it" : "Fix them") +
        " and save: this tab reloads by itself."));
    problems.forEach(function (problem) {
      overlay.children[1].appendChild(block("li",
        "font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace;" +
        "white-space:pre-wrap;color:#7a1b0c", problem));
    });
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
