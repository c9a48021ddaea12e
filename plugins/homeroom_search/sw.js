// Homeroom's service worker: the pages a family opened, kept for reading without a connection.
// Network first: online, a page is always the published one (and its copy is refreshed);
// offline, the copy is served, marked with the time it was saved. A new build's worker differs
// by its VERSION, and drops every copy whose file changed (offline.json: each file's digest).
// A portfolio page is never kept (nor anything under portfolio/): the address of a `link` page
// is its only lock, and a family page's copy would outlive a passphrase taken back; offline.json
// does not name them either. Only a site with an origin of its own publishes this worker (on a
// shared origin, sw-inert.js). Made by homeroom_search/offline.py; no clock, no other host.
"use strict";
const VERSION = "@VERSION@";
const CACHE = "homeroom-offline";
const SCOPE = new URL(self.registration.scope);
const MANIFEST = new URL("offline.json", SCOPE).href;
const SKIP = ["sw.js", "offline.json", "pagefind/", "__homeroom__/", "portfolio/"];

function fileOf(url) {
  // The published file behind a URL of this site, as offline.json names it; null if none.
  const address = new URL(url);
  if (address.origin !== SCOPE.origin || !address.pathname.startsWith(SCOPE.pathname)) return null;
  let path = decodeURIComponent(address.pathname.slice(SCOPE.pathname.length));
  if (path === "" || path.endsWith("/")) path += "index.html";
  if (SKIP.some((prefix) => path.startsWith(prefix))) return null;
  return path;
}

async function digest(buffer) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(bytes.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

function keepable(response) {
  // A whole good answer of this site, from a file it may keep (a redirect into portfolio/ is
  // not, nor a part of one: 206, what a player's range request gets).
  return response.status === 200 && response.type === "basic" && fileOf(response.url) !== null;
}

async function keep(cache, request, response) {
  // A copy of a good response, with when it was saved and the digest of its bytes.
  const body = await response.arrayBuffer();
  const headers = new Headers(response.headers);
  headers.delete("content-length"); // the body is kept decoded, and may be marked when served
  headers.delete("content-encoding");
  headers.set("x-homeroom-saved", new Date().toISOString());
  headers.set("x-homeroom-digest", await digest(body));
  await cache.put(request, new Response(body, { status: 200, headers }));
}

async function fetchAndKeep(url) {
  const response = await fetch(url, { cache: "no-cache" });
  if (keepable(response)) {
    await keep(await caches.open(CACHE), new Request(url), response);
  }
}

async function forgetChanged() {
  // Drop each copy whose file is gone or changed in the build this worker came with.
  let files;
  try {
    files = (await (await fetch(MANIFEST, { cache: "no-cache" })).json()).files;
  } catch (error) {
    return; // offline or no manifest: keep what we have
  }
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    const path = fileOf(request.url);
    if (!path || files[path] !== response.headers.get("x-homeroom-digest")) {
      await cache.delete(request);
    }
  }
}

async function savedCopy(request) {
  const cache = await caches.open(CACHE);
  const copy = await cache.match(request, { ignoreSearch: true });
  if (!copy) return Response.error();
  const type = copy.headers.get("content-type") || "";
  if (!type.startsWith("text/html")) return copy;
  const saved = copy.headers.get("x-homeroom-saved") || "";
  const html = (await copy.text()).replace('data-saved-on=""', `data-saved-on="${saved}"`);
  return new Response(html, { status: 200, headers: copy.headers });
}

async function networkFirst(event) {
  try {
    const response = await fetch(event.request);
    if (keepable(response)) {
      const cache = await caches.open(CACHE);
      event.waitUntil(keep(cache, new Request(event.request.url), response.clone()));
    }
    return response;
  } catch (error) {
    return savedCopy(event.request);
  }
}

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(forgetChanged().then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !fileOf(request.url)) return;
  if ((request.headers.get("accept") || "").includes("text/event-stream")) return;
  // a recording's player asks for parts of the file: straight to the network, never kept
  if (request.headers.has("range")) return;
  event.respondWith(networkFirst(event));
});

self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.keep) || [];
  const done = Promise.all(
    urls.filter((url) => fileOf(url)).map((url) => fetchAndKeep(url).catch(() => null))
  ).then(() => event.ports[0] && event.ports[0].postMessage({ kept: VERSION }));
  event.waitUntil(done);
});
