/* Homeroom: opens a family's encrypted portfolio in the browser (WebCrypto). Nothing is sent
   anywhere. The passphrase (NFC, surrounding whitespace trimmed, as the build does) gives a
   master secret (PBKDF2-SHA256), from which HKDF-SHA256 derives the household's
   non-extractable AES-KW key. The page's AES-256-GCM key is wrapped once per household in
   `keys` (with decoys: always the same number of slots); every slot is tried, and the one the
   household's key unwraps gives a non-extractable key, which decrypts the page. "Remember"
   keeps that CryptoKey object in IndexedDB, where no script can read its bytes, until it
   expires; never the passphrase, never key bytes. Files the page links come inlined as data:
   URLs and become blob: URLs, so they open and download. */
(function () {
  "use strict";
  var locked = JSON.parse(document.getElementById("locked").textContent);
  var shell = document.getElementById("locked-page");
  var target = document.getElementById("unlocked");
  var days = Number(shell.getAttribute("data-remember-days")) || 0;
  var blocks = shell.querySelectorAll(".locked-lang");
  var switcher = shell.querySelector(".locked-languages");
  var where = location.pathname.replace(/index\.html$/, "");
  var encoder = new TextEncoder();
  var DAY = 24 * 60 * 60 * 1000;

  function each(list, work) { Array.prototype.forEach.call(list, work); }

  function bytes(b64) {
    return Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
  }

  /* The first version kept key bytes in localStorage: remove any it left. */
  try {
    for (var i = localStorage.length - 1; i >= 0; i -= 1) {
      var name = localStorage.key(i);
      if (name && name.indexOf("homeroom-key:") === 0) { localStorage.removeItem(name); }
    }
  } catch (e) { /* storage disabled */ }

  /* IndexedDB: one record per page, {key: CryptoKey, expires: ms since 1970}. */
  function keys(mode, work) {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open("homeroom", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("keys"); };
      open.onerror = function () { reject(open.error); };
      open.onsuccess = function () {
        var db = open.result;
        var done = db.transaction("keys", mode);
        var request = work(done.objectStore("keys"));
        done.oncomplete = function () { db.close(); resolve(request.result); };
        done.onerror = done.onabort = function () { db.close(); reject(done.error); };
      };
    });
  }
  function recall() { return keys("readonly", function (store) { return store.get(where); }); }
  function forget() { return keys("readwrite", function (store) { return store.delete(where); }); }
  function keep(key) {
    return keys("readwrite", function (store) {
      return store.put({ key: key, expires: Date.now() + days * DAY }, where);
    });
  }

  /* The locked page's texts, one block per language: the buttons switch between them. */
  function visible() {
    return Array.prototype.filter.call(blocks, function (block) { return !block.hidden; })[0];
  }
  function choose(lang) {
    var typed = visible().querySelector("input[type=password]").value;
    each(blocks, function (block) {
      block.hidden = block.getAttribute("data-lang") !== lang;
      if (!block.hidden) { block.querySelector("input[type=password]").value = typed; }
    });
    if (switcher) {
      each(switcher.querySelectorAll("button"), function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-lang") === lang));
      });
    }
  }
  function preferred() {
    var offered = Array.prototype.map.call(blocks, function (b) { return b.getAttribute("data-lang"); });
    var wanted = navigator.languages || [navigator.language || ""];
    for (var n = 0; n < wanted.length; n += 1) {
      var lang = String(wanted[n]).toLowerCase();
      if (offered.indexOf(lang) >= 0) { return lang; }
      if (offered.indexOf(lang.split("-")[0]) >= 0) { return lang.split("-")[0]; }
    }
    return null;
  }

  function derive(passphrase) {
    var salt = bytes(locked.salt);
    var secret = encoder.encode(passphrase.normalize("NFC").trim());
    return crypto.subtle.importKey("raw", secret, "PBKDF2", false, ["deriveBits"])
      .then(function (base) {
        return crypto.subtle.deriveBits(
          { name: "PBKDF2", salt: salt, iterations: locked.iterations, hash: "SHA-256" }, base, 256);
      })
      .then(function (bits) { return crypto.subtle.importKey("raw", bits, "HKDF", false, ["deriveKey"]); })
      .then(function (master) {
        return crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: salt, info: encoder.encode(locked.info) },
          master, { name: "AES-KW", length: 256 }, false, ["unwrapKey"]);
      })
      .then(unwrap);
  }

  /* Every slot is tried (all of them, whichever opens): the page's key, or a rejection. */
  function unwrap(household) {
    return Promise.all(locked.keys.map(function (slot) {
      return crypto.subtle.unwrapKey("raw", bytes(slot), household, "AES-KW",
        { name: "AES-GCM" }, false, ["decrypt"]).catch(function () { return null; });
    })).then(function (found) {
      var key = found.filter(Boolean)[0];
      if (!key) { throw new Error("no slot opens"); }
      return key;
    });
  }

  function blob(link) {
    var href = link.getAttribute("href");
    var comma = href.indexOf(",");
    var head = href.slice("data:".length, comma).split(";");
    if (head.indexOf("base64") < 0) { return; }
    var file = new Blob([bytes(href.slice(comma + 1))], { type: head[0] });
    link.setAttribute("href", URL.createObjectURL(file));
  }

  function offerForget() {
    var button = document.getElementById("forget");
    if (!button) { return; }
    button.parentNode.hidden = false;
    button.addEventListener("click", function () {
      forget().then(function () {
        button.parentNode.hidden = true;
        var note = document.getElementById("forgotten");
        note.hidden = false;
        note.focus();
      });
    });
  }

  function show(key) {
    return crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes(locked.iv) }, key, bytes(locked.data))
      .then(function (plain) {
        target.innerHTML = new TextDecoder().decode(plain);
        each(target.querySelectorAll('a[href^="data:"]'), blob);
        shell.hidden = true;
        var heading = target.querySelector("h1");
        if (heading) { heading.tabIndex = -1; heading.focus(); }
        return key;
      });
  }

  function ready() {
    each(shell.querySelectorAll("form.unlock"), function (form) { form.hidden = false; });
    if (switcher) { switcher.hidden = false; }
  }

  /* A remembered key that has expired, or no longer opens the page, is deleted. */
  function opened() {
    if (!days || !window.indexedDB) { return Promise.resolve(false); }
    return recall().then(function (record) {
      if (!record) { return false; }
      if (!(record.expires > Date.now()) || !(record.key instanceof CryptoKey)) {
        return forget().then(function () { return false; });
      }
      return show(record.key).then(function () { offerForget(); return true; }, function () {
        return forget().then(function () { return false; });
      });
    }).catch(function () { return false; });
  }

  if (switcher) {
    each(switcher.querySelectorAll("button"), function (button) {
      button.addEventListener("click", function () { choose(button.getAttribute("data-lang")); });
    });
  }
  var first = preferred();
  if (first) { choose(first); }

  each(shell.querySelectorAll("form.unlock"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var error = form.querySelector(".unlock-error");
      var button = form.querySelector("button[type=submit]");
      var remember = form.querySelector("input[name=remember]");
      error.hidden = true;
      button.disabled = true;
      derive(form.querySelector("input[type=password]").value)
        .then(show)
        .then(function (key) {
          if (!remember || !remember.checked || !window.indexedDB) { return; }
          return keep(key).then(offerForget, function () { /* private mode: not kept */ });
        }, function () {
          error.hidden = false;
          form.querySelector("input[type=password]").select();
        })
        .then(function () { button.disabled = false; });
    });
  });

  opened().then(function (done) { if (!done) { ready(); } });
}());
