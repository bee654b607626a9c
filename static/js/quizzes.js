/* Quiz player: one question at a time, answer sheet, autosave of each answer as it is given,
   a countdown that the server keeps (re-synced every minute and when the tab comes back),
   a warning at ten minutes and an automatic hand-in at zero. No correct answer is ever in this
   page before it is handed in; feedback after a checked question comes from the server. */
(function () {
  "use strict";
  var root = document.getElementById("quiz-player");
  if (!root) { return; }
  root.classList.add("js");
  var d = root.dataset;
  var form = document.getElementById("hand-in-form");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var sections = Array.prototype.slice.call(root.querySelectorAll("section.question"));
  var cells = Array.prototype.slice.call(root.querySelectorAll(".sheet-cell"));
  var current = 0;
  var handingIn = false;

  function show(index) {
    current = Math.max(0, Math.min(sections.length - 1, index));
    sections.forEach(function (s, i) { s.classList.toggle("current", i === current); });
    cells.forEach(function (c, i) { c.classList.toggle("current", i === current); });
    document.getElementById("prev-question").disabled = current === 0;
    document.getElementById("next-question").disabled = current === sections.length - 1;
    try { sessionStorage.setItem("quiz-pos-" + d.attempt, String(current)); } catch (e) { /* private mode */ }
  }

  function responseOf(section) {
    var type = section.dataset.type;
    var inputs = section.querySelectorAll(".answer-inputs input, .answer-inputs textarea");
    if (type === "single" || type === "multiple") {
      var ids = [];
      inputs.forEach(function (i) { if (i.checked) { ids.push(parseInt(i.value, 10)); } });
      return ids;
    }
    if (type === "true_false") {
      var value = null;
      inputs.forEach(function (i) { if (i.checked) { value = i.value === "true"; } });
      return value;
    }
    return inputs[0].value;
  }

  function applyResponse(section, response) {
    var type = section.dataset.type;
    var inputs = section.querySelectorAll(".answer-inputs input, .answer-inputs textarea");
    if (type === "single" || type === "multiple") {
      var ids = Array.isArray(response) ? response : [];
      inputs.forEach(function (i) { i.checked = ids.indexOf(parseInt(i.value, 10)) !== -1; });
    } else if (type === "true_false") {
      inputs.forEach(function (i) { i.checked = response !== null && response !== undefined && (i.value === "true") === response; });
    } else {
      inputs[0].value = response || "";
    }
  }

  function isAnswered(response) {
    if (Array.isArray(response)) { return response.length > 0; }
    if (typeof response === "string") { return response.trim() !== ""; }
    return response !== null && response !== undefined;
  }

  function markSheet(section) {
    var answered = isAnswered(responseOf(section));
    var cell = cells[parseInt(section.dataset.index, 10)];
    cell.classList.toggle("answered", answered);
    cell.classList.toggle("unanswered", !answered);
  }

  function status(section, text, isError, isSaved) {
    var el = section.querySelector(".save-status");
    el.textContent = text;
    el.classList.toggle("error", !!isError);
    el.classList.toggle("saved", !!isSaved);
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (r) { return r.json().then(function (data) { data._status = r.status; return data; }); });
  }

  function finished(message) {
    showWarning(message);
    setTimeout(function () { window.location.href = d.resultUrl; }, 1500);
  }

  // Answers go through a queue kept in IndexedDB (memory only where there is none): each change
  // names the version it replaces, the queue is sent in order, one at a time, and survives a lost
  // connection, a closed tab or a reload. The server acknowledges a repeated send once and refuses
  // a stale one with the answer it holds, so nothing newer is overwritten.
  var queue = [];      // {id, attempt, qid, response, version}, oldest first
  var sending = false;
  var failures = 0;
  var retryTimer = null;
  var store = null;    // the IndexedDB database, once open
  var lastGiven = {};  // question id -> the last answer queued, as JSON

  function tr(text) { return window.gettext ? window.gettext(text) : text; }
  function waitingText(n) {
    var one = "%(count)s answer waiting to be sent", many = "%(count)s answers waiting to be sent";
    var text = window.ngettext ? window.ngettext(one, many, n) : (n === 1 ? one : many);
    return window.interpolate ? window.interpolate(text, { count: n }, true) : text.replace("%(count)s", n);
  }
  function sectionOf(qid) { return document.getElementById("q" + qid); }
  function queued(qid) { return queue.some(function (e) { return e.qid === qid; }); }

  function idb(mode, work) {
    if (!store) { return; }
    try {
      var tx = store.transaction("answers", mode);
      work(tx.objectStore("answers"));
    } catch (e) { /* storage gone (private mode, quota): the queue still works in memory */ }
  }
  function remember(entry) {
    if (!store) { return; }
    if (entry.writing) { entry.rewrite = true; return; }  // one write at a time, so one record
    entry.writing = true;
    idb("readwrite", function (os) {
      var record = { attempt: entry.attempt, qid: entry.qid, response: entry.response, version: entry.version };
      if (typeof entry.id === "number") { record.id = entry.id; }
      var req = os.put(record);
      req.onsuccess = function () {
        entry.id = req.result;
        entry.writing = false;
        if (entry.gone) { forget(entry); } else if (entry.rewrite) { entry.rewrite = false; remember(entry); }
      };
      req.onerror = function () { entry.writing = false; };
    });
  }
  function forget(entry) {
    entry.gone = true;
    if (typeof entry.id === "number") { idb("readwrite", function (os) { os.delete(entry.id); }); }
  }

  var waitingEl = document.getElementById("quiz-waiting");
  function showWaiting() {
    var n = queue.length;
    var show = n > 0 && (!navigator.onLine || failures > 0);
    waitingEl.hidden = !show;
    waitingEl.textContent = show ? waitingText(n) : "";
  }

  function enqueue(section) {
    var qid = section.dataset.qid;
    var response = responseOf(section);
    var given = JSON.stringify(response);
    if (lastGiven[qid] === given) { return; }   // the same answer again (a change and a pause)
    lastGiven[qid] = given;
    var last = null;
    for (var i = queue.length - 1; i >= 0; i--) { if (queue[i].qid === qid) { last = queue[i]; break; } }
    if (last && !(sending && queue[0] === last)) {
      last.response = response;           // not sent yet: the newer answer replaces it in place
      remember(last);
    } else {
      var version = parseInt(section.dataset.version, 10);
      var entry = { attempt: d.attempt, qid: qid, response: response, version: version };
      section.dataset.version = version + 1;
      queue.push(entry);
      remember(entry);
    }
    status(section, navigator.onLine ? d.msgSaving : tr("Kept on this phone until the connection returns"));
    showWaiting();
    pump();
  }

  function drop(qid) {
    queue = queue.filter(function (e) { if (e.qid === qid) { forget(e); return false; } return true; });
  }

  function pump() {
    if (sending || !queue.length) { showWaiting(); return; }
    if (!navigator.onLine) { showWaiting(); return; }
    clearTimeout(retryTimer);
    sending = true;
    var entry = queue[0];
    var section = sectionOf(entry.qid);
    post(d.saveUrl, { question: parseInt(entry.qid, 10), response: entry.response, version: entry.version })
      .then(function (data) {
        sending = false;
        failures = 0;
        if (data.ok) {
          queue.shift();
          forget(entry);
          if (!queued(entry.qid)) {
            section.dataset.version = data.version;
            status(section, d.msgSaved, false, true);
          }
          if (typeof data.remaining_seconds === "number") { syncClock(data.remaining_seconds); }
        } else if (data.code === "stale" && data.current) {
          drop(entry.qid);  // every later change of this question was built on the stale version
          section.dataset.version = data.current.version;
          applyResponse(section, data.current.response);
          lastGiven[entry.qid] = JSON.stringify(responseOf(section));
          markSheet(section);
          status(section, data.message, true);
        } else if (data.code === "finished" || data.code === "expired") {
          queue.forEach(forget);
          queue = [];
          status(section, data.message, true);
          showWaiting();
          finished(data.message);
          return;
        } else if (data._status >= 500) {
          throw new Error("server");
        } else {
          queue.shift();   // refused for good (locked, not on the paper, malformed): say so
          forget(entry);
          status(section, data.message || d.msgRetry, true);
        }
        pump();
      })
      .catch(function () {
        sending = false;
        failures += 1;
        if (navigator.onLine) { status(section, d.msgRetry, true); }
        showWaiting();
        if (navigator.onLine) {
          retryTimer = setTimeout(pump, Math.min(8000, 500 * Math.pow(2, failures - 1)));
        }
      });
  }

  window.addEventListener("online", function () { failures = 0; pump(); });
  window.addEventListener("offline", showWaiting);

  function allSaved() { return queue.length === 0 && !sending; }

  // Answers left in IndexedDB by an earlier visit (the tab was closed while offline) are shown
  // and sent first, in the order they were given.
  function restore(records) {
    var earlier = [];
    records.sort(function (a, b) { return a.id - b.id; }).forEach(function (r) {
      var section = sectionOf(r.qid);
      if (!section) { idb("readwrite", function (os) { os.delete(r.id); }); return; }
      earlier.push({ id: r.id, attempt: r.attempt, qid: r.qid, response: r.response, version: r.version });
      applyResponse(section, r.response);
      lastGiven[r.qid] = JSON.stringify(r.response);
      markSheet(section);
      section.dataset.version = Math.max(parseInt(section.dataset.version, 10), r.version + 1);
    });
    queue = sending ? queue.concat(earlier) : earlier.concat(queue);
    pump();
  }
  try {
    var open = window.indexedDB.open("academy-quiz", 1);
    open.onupgradeneeded = function () {
      open.result.createObjectStore("answers", { keyPath: "id", autoIncrement: true }).createIndex("attempt", "attempt");
    };
    open.onsuccess = function () {
      store = open.result;
      var pendingBefore = queue.slice();
      pendingBefore.forEach(remember);   // changes made before the database opened
      var req = store.transaction("answers").objectStore("answers").index("attempt").getAll(d.attempt);
      req.onsuccess = function () {
        var known = {};
        pendingBefore.forEach(function (e) { if (typeof e.id === "number") { known[e.id] = true; } });
        restore(req.result.filter(function (r) { return !known[r.id]; }));
      };
    };
  } catch (e) { /* no IndexedDB: memory only */ }

  var timers = {};
  sections.forEach(function (section) {
    section.addEventListener("change", function () { markSheet(section); enqueue(section); });
    section.addEventListener("input", function (event) {
      if (event.target.tagName !== "INPUT" || event.target.type === "text") {
        markSheet(section);
        clearTimeout(timers[section.dataset.qid]);
        timers[section.dataset.qid] = setTimeout(function () { enqueue(section); }, 600);
      }
    });
    var check = section.querySelector(".check-answer");
    if (check) {
      check.addEventListener("click", function checkAnswer() {
        if (queued(section.dataset.qid)) { setTimeout(checkAnswer, 300); return; }  // saved first
        post(d.checkUrl, { question: parseInt(section.dataset.qid, 10) }).then(function (data) {
          if (!data.ok) { status(section, data.message, true); return; }
          renderFeedback(section, data.question);
          section.querySelectorAll(".answer-inputs input, .answer-inputs textarea").forEach(function (i) { i.disabled = true; });
          check.hidden = true;
        });
      });
    }
  });

  function renderFeedback(section, question) {
    var fb = question.feedback || {};
    var box = document.createElement("div");
    var outcome = fb.outcome || (fb.is_correct ? "correct" : "wrong");
    box.className = "feedback " + outcome;
    var head = document.createElement("p");
    head.textContent = { correct: d.msgCorrect, partial: d.msgPartial, pending: d.msgPending }[outcome] || d.msgWrong;
    box.appendChild(head);
    var answer = null;
    if (fb.correct_options) {
      answer = question.options.filter(function (o) { return fb.correct_options.indexOf(o.id) !== -1; })
        .map(function (o) { return o.label; }).join(" ");
    } else if (fb.correct_true !== undefined && fb.correct_true !== null) {
      answer = fb.correct_true ? d.msgTrue : d.msgFalse;
    } else if (fb.accepted_answers) {
      answer = fb.accepted_answers.join(" / ");
    }
    if (answer) { var p = document.createElement("p"); p.textContent = d.msgAnswer + ": " + answer; box.appendChild(p); }
    (fb.answer_feedback || []).forEach(function (text) { var f = document.createElement("p"); f.className = "answer-feedback"; f.textContent = text; box.appendChild(f); });
    if (fb.explanation) { var e = document.createElement("p"); e.className = "explanation"; e.textContent = fb.explanation; box.appendChild(e); }
    var slot = section.querySelector(".feedback-slot");
    slot.textContent = "";
    slot.appendChild(box);
  }

  document.getElementById("prev-question").addEventListener("click", function () { show(current - 1); window.scrollTo(0, 0); });
  document.getElementById("next-question").addEventListener("click", function () { show(current + 1); window.scrollTo(0, 0); });
  var sheet = document.getElementById("answer-sheet");
  var toggle = document.getElementById("sheet-toggle");
  toggle.addEventListener("click", function () {
    sheet.hidden = !sheet.hidden;
    toggle.setAttribute("aria-expanded", String(!sheet.hidden));
  });
  cells.forEach(function (cell) {
    cell.addEventListener("click", function () { show(parseInt(cell.dataset.goto, 10)); sheet.hidden = true; toggle.setAttribute("aria-expanded", "false"); });
  });

  // Hand in: confirm (saying how many are unanswered), wait for saves in flight, then post.
  var dialog = document.getElementById("confirm-hand-in");
  var confirmText = document.getElementById("confirm-text");
  document.getElementById("hand-in").addEventListener("click", function () {
    var unanswered = sections.filter(function (s) { return !isAnswered(responseOf(s)); }).length;
    confirmText.textContent = unanswered ? confirmText.dataset.some.replace("__N__", unanswered) : confirmText.dataset.none;
    if (typeof dialog.showModal === "function") { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
  });
  document.getElementById("confirm-cancel").addEventListener("click", function () { dialog.close(); });
  form.addEventListener("submit", function (event) {
    if (handingIn) { event.preventDefault(); return; }
    event.preventDefault();
    handIn();
  });

  // Hand-in waits until every answer is sent; offline, that is when the connection returns.
  function handIn() {
    if (handingIn) { return; }
    handingIn = true;
    document.getElementById("confirm-submit").disabled = true;
    (function wait() {
      if (allSaved() && navigator.onLine) { HTMLFormElement.prototype.submit.call(form); return; }
      if (!navigator.onLine) {
        if (dialog.open) { dialog.close(); }
        showWarning(tr("You will hand in as soon as your answers are sent."));
      }
      setTimeout(wait, 200);
    })();
  }

  // The countdown: the server's remaining seconds are the truth; the page only counts down
  // between re-syncs.
  var timerEl = document.getElementById("quiz-timer");
  var deadlineAt = null;
  var warned = false;
  function syncClock(seconds) { deadlineAt = Date.now() + seconds * 1000; tick(); }
  function showWarning(text) {
    var w = document.getElementById("quiz-warning");
    w.textContent = text; w.hidden = false;
  }
  function tick() {
    if (deadlineAt === null || !timerEl) { return; }
    var left = Math.max(0, Math.round((deadlineAt - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    timerEl.textContent = (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    timerEl.classList.toggle("low", left <= 600);
    if (left <= 600 && left > 0 && !warned) { warned = true; showWarning(d.msgTen); }
    if (left === 0 && !handingIn) { showWarning(d.msgTimeup); handIn(); }
  }
  function resync() {
    fetch(d.stateUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.status !== "in_progress") { window.location.href = d.resultUrl; return; }
        if (typeof state.remaining_seconds === "number") { syncClock(state.remaining_seconds); }
        sections.forEach(function (section) {
          var saved = state.answers[section.dataset.qid];
          if (saved && !queued(section.dataset.qid) && saved.version > parseInt(section.dataset.version, 10)) {
            section.dataset.version = saved.version;
            applyResponse(section, saved.response);
            lastGiven[section.dataset.qid] = JSON.stringify(responseOf(section));
            markSheet(section);
          }
        });
      })
      .catch(function () { /* offline: keep counting locally */ });
  }
  if (d.remaining !== "") {
    syncClock(parseInt(d.remaining, 10));
    setInterval(tick, 1000);
  }
  setInterval(resync, 60000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { resync(); } });

  var start = 0;
  try { start = parseInt(sessionStorage.getItem("quiz-pos-" + d.attempt) || "0", 10) || 0; } catch (e) { start = 0; }
  show(start);
})();
