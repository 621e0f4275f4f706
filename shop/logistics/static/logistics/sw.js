/* Service worker of the depot pages: they open even without network.
 * Pages: network first, the last copy when offline. Static files: cache first.
 * Writes are not handled here: the page queues them (see depot.js). */
"use strict";

var CACHE = "depot-v1";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request, { ignoreVary: true }).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        return response;
      });
    }));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      /* Pages vary on cookies and language: offline, the copy we have is what we want. */
      return caches.match(request, { ignoreVary: true }).then(function (hit) {
        return hit || caches.match(request, { ignoreSearch: true, ignoreVary: true }).then(function (any) {
          return any || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
        });
      });
    }));
  }
});
