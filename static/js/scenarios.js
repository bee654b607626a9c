// Scenario player: keep the newest line in view and count down a timed step. The server keeps
// the real time; when the countdown reaches zero we ask it to apply the timeout.
(function () {
  "use strict";
  var now = document.getElementById("now");
  if (now && now.scrollIntoView) { now.scrollIntoView({ block: "center" }); }

  var timer = document.getElementById("timer");
  if (!timer) { return; }
  var left = parseInt(timer.getAttribute("data-ms-left"), 10) || 0;
  var shown = document.getElementById("timer-seconds");
  var bar = document.getElementById("timer-bar");
  var form = document.getElementById("timeout-form");
  var deadline = Date.now() + left;
  var tick = function () {
    var seconds = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    shown.textContent = String(seconds);
    if (bar) { bar.value = seconds; }
    if (seconds <= 5) { timer.classList.add("urgent"); }
    if (seconds <= 0) {
      window.clearInterval(handle);
      // a little after the server's one-second grace, so the timeout is due when it arrives;
      // if it is not due yet the server shows the step again and we try once more
      window.setTimeout(function () { if (form) { form.submit(); } }, 1300);
    }
  };
  var handle = window.setInterval(tick, 250);
  tick();
})();
