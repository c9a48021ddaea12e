// The search page: Pagefind's index of this page's language, loaded on the first search only.
// Results in the reader's language first, then untranslated originals, marked. Every text
// comes from the page (the theme's catalogs); nothing is written as HTML but Pagefind's
// <mark>s, rebuilt as elements.
"use strict";
(function () {
  var script = document.currentScript;
  var root = new URL("../../", script.src); // theme/js/search.js -> the site's root
  var form = document.getElementById("search");
  var texts = document.getElementById("search-texts").dataset;
  var status = document.getElementById("search-status");
  var found = document.getElementById("search-found");
  var originals = document.getElementById("search-originals");
  var languages = JSON.parse(texts.languages);
  var kinds = JSON.parse(texts.kinds);
  var loading = null;
  var MAX = 20;

  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname }).then(function () { return module; });
      });
    }
    return loading;
  }

  function marked(excerpt) {
    // Pagefind's excerpt: text with <mark> around the words found, as inert nodes.
    var parsed = new DOMParser().parseFromString("<p>" + excerpt + "</p>", "text/html");
    var out = document.createElement("p");
    parsed.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    var original = data.meta && data.meta.original;
    if (original) link.lang = original;
    var heading = document.createElement("h3");
    heading.appendChild(link);
    li.appendChild(heading);
    var kind = (data.filters && data.filters.kind) || [];
    if (kind.length && kinds[kind[0]]) {
      var label = document.createElement("p");
      label.className = "meta";
      label.textContent = kinds[kind[0]];
      li.appendChild(label);
    }
    if (original) {
      var note = document.createElement("p");
      note.className = "note";
      note.textContent = texts.original.replace("{language}", languages[original] || original);
      li.appendChild(note);
    }
    var excerpt = marked(data.excerpt || "");
    if (original) excerpt.lang = original;
    excerpt.dir = "auto";
    li.appendChild(excerpt);
    return li;
  }

  function show(section, results) {
    var list = section.querySelector("ol");
    list.replaceChildren.apply(list, results.map(item));
    section.hidden = results.length === 0;
  }

  function run() {
    var words = form.elements.q.value.trim();
    var filters = {};
    if (form.elements["class"].value) filters["class"] = form.elements["class"].value;
    if (form.elements.kind.value) filters.kind = form.elements.kind.value;
    if (!words) return;
    status.textContent = texts.searching;
    status.classList.remove("visually-hidden");
    pagefind()
      .then(function (module) { return module.search(words, { filters: filters }); })
      .then(function (search) {
        return Promise.all(search.results.slice(0, MAX).map(function (r) { return r.data(); }));
      })
      .then(function (results) {
        var translated = results.filter(function (r) { return !(r.meta && r.meta.original); });
        var untranslated = results.filter(function (r) { return r.meta && r.meta.original; });
        // One heading for the results: it says what was searched; the status only says it
        // aloud then (to a screen reader), and is seen when nothing or only originals are found.
        var heading = texts.found.replace("{words}", words);
        found.querySelector("h2").textContent = heading;
        status.textContent = results.length ? heading : texts.none.replace("{words}", words);
        status.classList.toggle("visually-hidden", translated.length > 0);
        show(found, translated);
        show(originals, untranslated);
      })
      .catch(function () {
        status.textContent = texts.unavailable;
      });
  }

  var asked = new URLSearchParams(location.search);
  ["q", "class", "kind"].forEach(function (name) {
    if (asked.get(name)) form.elements[name].value = asked.get(name);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = new URLSearchParams(new FormData(form));
    history.replaceState(null, "", "?" + query.toString());
    run();
  });
  if (asked.get("q")) run();
})();
