/* Every page: register the service worker (static/js/sw.js, served at /sw.js) and, on signing
   out or on a page for nobody signed in, drop the lessons kept for reading offline. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  function forget() {
    if (navigator.serviceWorker.controller) { navigator.serviceWorker.controller.postMessage({ type: "forget" }); }
    if (window.caches) {
      caches.keys().then(function (names) {
        names.forEach(function (n) { if (n.indexOf("lessons-") === 0) { caches.delete(n); } });
      });
    }
  }
  if (document.body.dataset.signedIn !== "1") { forget(); }
  var logout = document.getElementById("logout-form");
  if (logout) { logout.addEventListener("submit", forget); }
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* no worker: pages still work */ });
})();
