// Measured reading time for a lesson: counts seconds only while the tab is visible and the
// reader has touched, scrolled or typed in the last two minutes, and reports them about once a
// minute and when the page is hidden. The server caps each report and each day's total.
(function () {
  var article = document.querySelector("[data-time-url]");
  if (!article || !navigator.sendBeacon) { return; }
  var url = article.dataset.timeUrl, csrf = article.dataset.csrf;
  var pending = 0, lastActivity = Date.now();
  ["scroll", "pointerdown", "keydown", "touchstart"].forEach(function (name) {
    window.addEventListener(name, function () { lastActivity = Date.now(); }, { passive: true });
  });
  function send() {
    if (pending < 1) { return; }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    body.append("seconds", String(pending));
    pending = 0;
    navigator.sendBeacon(url, body);
  }
  setInterval(function () {
    if (document.visibilityState === "visible" && Date.now() - lastActivity < 120000) { pending += 1; }
    if (pending >= 60) { send(); }
  }, 1000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { send(); }
  });
  window.addEventListener("pagehide", send);
})();
