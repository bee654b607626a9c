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
  var pending = {};   // question id -> {inflight: bool, dirty: bool}

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

  function save(section, attempt) {
    var qid = section.dataset.qid;
    var state = pending[qid] || (pending[qid] = { inflight: false, dirty: false });
    if (state.inflight) { state.dirty = true; return; }
    state.inflight = true; state.dirty = false;
    status(section, d.msgSaving);
    post(d.saveUrl, { question: parseInt(qid, 10), response: responseOf(section), version: parseInt(section.dataset.version, 10) })
      .then(function (data) {
        state.inflight = false;
        if (data.ok) {
          section.dataset.version = data.version;
          status(section, d.msgSaved, false, true);
          if (typeof data.remaining_seconds === "number") { syncClock(data.remaining_seconds); }
        } else if (data.code === "stale" && data.current) {
          section.dataset.version = data.current.version;
          applyResponse(section, data.current.response);
          markSheet(section);
          status(section, data.message, true);
          return;
        } else if (data.code === "finished" || data.code === "expired") {
          status(section, data.message, true);
          finished(data.message);
          return;
        } else {
          status(section, data.message || d.msgRetry, true);
          return;
        }
        if (state.dirty) { save(section, 0); }
      })
      .catch(function () {
        state.inflight = false;
        status(section, d.msgRetry, true);
        var wait = Math.min(8000, 500 * Math.pow(2, attempt || 0));
        setTimeout(function () { save(section, (attempt || 0) + 1); }, wait);
      });
  }

  function allSaved() {
    return Object.keys(pending).every(function (k) { return !pending[k].inflight && !pending[k].dirty; });
  }

  var timers = {};
  sections.forEach(function (section) {
    section.addEventListener("change", function () { markSheet(section); save(section, 0); });
    section.addEventListener("input", function (event) {
      if (event.target.tagName !== "INPUT" || event.target.type === "text") {
        markSheet(section);
        clearTimeout(timers[section.dataset.qid]);
        timers[section.dataset.qid] = setTimeout(function () { save(section, 0); }, 600);
      }
    });
    var check = section.querySelector(".check-answer");
    if (check) {
      check.addEventListener("click", function () {
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

  function handIn() {
    if (handingIn) { return; }
    handingIn = true;
    document.getElementById("confirm-submit").disabled = true;
    var waited = 0;
    (function wait() {
      if (allSaved() || waited > 5000) { HTMLFormElement.prototype.submit.call(form); return; }
      waited += 100;
      setTimeout(wait, 100);
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
          var p = pending[section.dataset.qid];
          if (saved && (!p || (!p.inflight && !p.dirty)) && saved.version > parseInt(section.dataset.version, 10)) {
            section.dataset.version = saved.version;
            applyResponse(section, saved.response);
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
