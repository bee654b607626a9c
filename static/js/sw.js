/* The service worker (served at /sw.js, scope "/"): lessons the trainee opened can be read
   offline. Only responses the server marks X-Offline-Keep (lesson pages, signed in) are kept,
   in a cache named for the person (X-Offline-User). A page served to nobody signed in, a
   different person, or the "forget" message from the sign-out button drops what was kept.
   Quiz papers, answers, the API and the admin pass straight through and are never stored. */
"use strict";
var PREFIX = "lessons-";
var META = "offline-meta";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function currentUser() {
  return caches.open(META).then(function (c) { return c.match("/__user"); })
    .then(function (r) { return r ? r.text() : ""; });
}
function forgetAllBut(key) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== PREFIX + key; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () {
    return caches.open(META).then(function (c) { return c.put("/__user", new Response(key || "")); });
  });
}

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "forget") { event.waitUntil(forgetAllBut("")); }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.mode !== "navigate") { return; }
  event.respondWith(fetch(request).then(function (response) {
    var key = response.headers.get("X-Offline-User") || "";
    var work = currentUser().then(function (known) { return known === key ? null : forgetAllBut(key); });
    if (key && response.ok && response.headers.get("X-Offline-Keep") === "lesson") {
      var copy = response.clone();
      work = work.then(function () { return caches.open(PREFIX + key); })
        .then(function (cache) { return cache.put(request.url, copy); });
    }
    event.waitUntil(work);
    return response;
  }, function () {
    return currentUser().then(function (key) {
      if (!key) { return undefined; }
      return caches.open(PREFIX + key).then(function (cache) { return cache.match(request.url); });
    }).then(function (kept) {
      return kept || new Response("<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><p>离线 · Offline</p>",
        { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  }));
});
