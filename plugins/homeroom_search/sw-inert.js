// Homeroom's service worker on a site without an origin of its own (a SITEURL with a path, as a
// GitHub project site): there, every other site of the origin could read or plant what Cache
// Storage keeps, so no page registers a worker and nothing is kept. A browser that registered
// the offline reader before gets this one at its next visit: it deletes this site's copies,
// then unregisters itself. It never answers a request. Written by homeroom_search/offline.py.
"use strict";
const CACHE = "homeroom-offline";
const SCOPE = self.registration.scope;

async function forgetSite() {
  if (!(await caches.has(CACHE))) return;
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    if (request.url.startsWith(SCOPE)) await cache.delete(request);
  }
  if ((await cache.keys()).length === 0) await caches.delete(CACHE);
}

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    forgetSite()
      .catch(() => null)
      .then(() => self.registration.unregister())
  );
});
