/* Homeroom: opens a family's encrypted portfolio in the browser (WebCrypto). Nothing is sent
   anywhere: the passphrase derives the key here (PBKDF2-SHA256), which decrypts the page
   (AES-256-GCM). "Remember" keeps the derived key, never the passphrase, on this device. */
(function () {
  "use strict";
  var locked = JSON.parse(document.getElementById("locked").textContent);
  var form = document.getElementById("unlock");
  var error = document.getElementById("unlock-error");
  var target = document.getElementById("unlocked");
  var storeKey = "homeroom-key:" + location.pathname;

  function bytes(b64) {
    return Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
  }

  function show(key) {
    return crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes(locked.iv) }, key, bytes(locked.data))
      .then(function (plain) {
        target.innerHTML = new TextDecoder().decode(plain);
        form.hidden = true;
        Array.prototype.forEach.call(document.querySelectorAll(".locked-intro"), function (node) {
          node.hidden = true;
        });
        var heading = target.querySelector("h1");
        if (heading) { heading.tabIndex = -1; heading.focus(); }
        return key;
      });
  }

  function derive(passphrase) {
    var encoder = new TextEncoder();
    return crypto.subtle.importKey("raw", encoder.encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveKey"])
      .then(function (base) {
        return crypto.subtle.deriveKey(
          { name: "PBKDF2", salt: bytes(locked.salt), iterations: locked.iterations, hash: "SHA-256" },
          base, { name: "AES-GCM", length: 256 }, true, ["decrypt"]);
      });
  }

  form.hidden = false;
  var saved = null;
  try { saved = localStorage.getItem(storeKey); } catch (e) { saved = null; }
  if (saved) {
    crypto.subtle.importKey("raw", bytes(saved), "AES-GCM", true, ["decrypt"])
      .then(show)
      .catch(function () { try { localStorage.removeItem(storeKey); } catch (e) { /* private mode */ } });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    error.hidden = true;
    var button = form.querySelector("button");
    button.disabled = true;
    derive(document.getElementById("passphrase").value)
      .then(show)
      .then(function (key) {
        if (!document.getElementById("remember").checked) { return; }
        return crypto.subtle.exportKey("raw", key).then(function (raw) {
          var text = btoa(String.fromCharCode.apply(null, new Uint8Array(raw)));
          try { localStorage.setItem(storeKey, text); } catch (e) { /* private mode */ }
        });
      })
      .catch(function () { error.hidden = false; document.getElementById("passphrase").select(); })
      .then(function () { button.disabled = false; });
  });
}());
