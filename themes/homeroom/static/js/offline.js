// Offline reading: registers the site's service worker (sw.js, at the site's root, so its scope
// is the whole site, whatever SITEURL's path), asks it to keep this page, what it needs and, on
// a class home, the class's latest newsletter and calendar; and, when the page was served from
// that copy, shows when it was saved, in the reader's language.
"use strict";
(function () {
  var script = document.currentScript;
  var root = new URL("../../", script.src); // theme/js/offline.js -> the site's root

  function showSaved() {
    var note = document.querySelector(".offline-note");
    if (!note || !note.dataset.savedOn) return;
    var when = new Date(note.dataset.savedOn);
    var lang = document.documentElement.lang || undefined;
    var text;
    try {
      text = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" }).format(when);
    } catch (error) {
      text = when.toLocaleString();
    }
    note.textContent = note.dataset.text.replace("{date}", text);
    note.hidden = false;
  }

  function wanted() {
    var urls = [location.href.split("#")[0]];
    document.querySelectorAll("link[rel~=stylesheet], link[rel~=icon], script[src]").forEach(
      function (element) { urls.push(element.href || element.src); });
    document.querySelectorAll("img").forEach(function (img) {
      if (img.currentSrc || img.src) urls.push(img.currentSrc || img.src);
    });
    var keep = document.getElementById("offline-keep");
    if (keep) {
      keep.dataset.keep.split(/\s+/).forEach(function (url) {
        if (url) urls.push(new URL(url, location.href).href);
      });
    }
    return urls.filter(function (url) { return url.indexOf(root.href) === 0; });
  }

  function keepThisPage(registration) {
    var worker = registration.active;
    if (!worker) return;
    var channel = new MessageChannel();
    channel.port1.onmessage = function () {
      document.documentElement.dataset.offlineSaved = "yes"; // for tests and the curious
    };
    worker.postMessage({ keep: wanted() }, [channel.port2]);
  }

  document.addEventListener("DOMContentLoaded", showSaved);
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  window.addEventListener("load", function () {
    navigator.serviceWorker
      .register(new URL("sw.js", root).href, { scope: root.pathname })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(keepThisPage)
      .catch(function () { /* no service worker here (the preview): pages work as ever */ });
  });
})();
