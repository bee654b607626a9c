"""The 9 o'clock exam for bench/quiz_load.py --burst: every trainee starts the same timed exam at
once (spread over the first seconds, as people told to begin at 09:00 click, or all at the same
instant), answers with autosave until the exam closes, and the papers are handed in by the clock
at the one deadline while the sweep (quizzes.tasks.quiz_attempts_sweep) closes the attempts of
those who walked away: the two race for the same rows. Every step is timed.

The exam closes for everyone at the same moment (the quiz's close time falls inside the time
limit), so all deadlines are equal, as at a scheduled exam."""

import datetime as dt
import http.client
import json
import random
import secrets
import string
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

STEPS = ("start", "paper", "autosave", "handin", "result")


@dataclass
class Phase:
    """One exam taken by every trainee: `mode` 'spread' (starts spread over `spread_s`) or
    'instant' (all released by one barrier)."""

    name: str
    mode: str
    quiz_id: int
    deadline_wall: float  # time.time() of the deadline
    grace_s: int
    spread_s: float
    walk_away: float  # share of trainees who never hand in (the phone died): the sweep closes theirs
    think: tuple[float, float]
    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    errors: dict[str, int] = field(default_factory=dict)
    refused_late: int = 0  # autosaves refused as past the deadline (allowed, not an error)
    closed_at: float | None = None  # time.time() when no attempt was left in progress

    def record(self, step: str, ms: float) -> None:
        with self.lock:
            self.timings[step].append(ms)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1


def exam_create(*, course, category, questions: int, title: str, slug: str, closes_at: dt.datetime, grace: int) -> int:
    """A timed exam (30 minutes, one attempt) that closes for everyone at `closes_at`."""
    from quizzes.services.bank import quiz_page_create

    quiz = quiz_page_create(
        course=course,
        title=title,
        slug=slug,
        draws=[(category, questions)],
        random_order=True,
        shuffle_options=True,
        time_limit_minutes=30,
        single_attempt=True,
        pass_mark=60,
        closes_at=closes_at,
        grace_seconds=grace,
    )
    return quiz.pk


class BurstTrainee(threading.Thread):
    def __init__(self, *, port: int, session_key: str, phase: Phase, gate: threading.Barrier | None, start_at: float):
        super().__init__(daemon=True)
        self.port, self.phase, self.gate, self.start_at = port, phase, gate, start_at
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookie = f"sessionid={session_key}; csrftoken={self.csrf}"
        self.acked: dict[int, object] = {}
        self.attempt_id: int | None = None
        self.walks_away = random.random() < phase.walk_away
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body=None, accept: str = "text/html"):
        headers = {"Cookie": self.cookie, "X-CSRFToken": self.csrf, "Accept": accept, "Host": "127.0.0.1"}
        if isinstance(body, str):  # a form post, as the browser sends it
            body = body.encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        for attempt in range(2):  # one reconnect when the server closed the kept-alive socket
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, response.getheader("Location"), data, (time.perf_counter() - started) * 1000
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn = None
                if attempt:
                    raise
        raise RuntimeError("unreachable")

    def run(self) -> None:
        try:
            time.sleep(max(0.0, self.start_at - time.time()))
            if self.gate is not None:
                self.gate.wait()  # every thread is awake: released together
            self.take_exam()
        except Exception as exc:  # noqa: BLE001 - counted as an error of the run
            self.phase.error(f"exception {type(exc).__name__}")

    def take_exam(self) -> None:
        from quiz_load import answer_pick, paper_read  # bench/ is on the path: run as a script

        phase = self.phase
        status, location, _data, ms = self.request(
            "POST", f"/quizzes/{phase.quiz_id}/start/", "confirmed=1"
        )  # the confirmation page's button
        if status != 302 or not location or "/attempts/" not in location:
            return phase.error(f"start {status}")
        phase.record("start", ms)
        path = urlparse(location).path
        self.attempt_id = int(path.rstrip("/").split("/")[-1])
        status, _loc, html, ms = self.request("GET", path)
        if status != 200:
            return phase.error(f"paper {status}")
        phase.record("paper", ms)
        plan, options = paper_read(html.decode())
        if not plan:
            return phase.error("empty paper")
        plan += random.sample(plan, k=max(1, len(plan) // 4))  # a quarter of the answers are changed
        versions: dict[int, int] = {}
        save_url = f"/quizzes/attempts/{self.attempt_id}/answer/"
        stop_answering = phase.deadline_wall - 2.0  # the last answers go in just before the clock ends
        for qid, kind in plan:
            pause = random.uniform(*phase.think)
            if time.time() + pause > stop_answering:
                break
            time.sleep(pause)
            response = answer_pick(kind, options.get(qid, []), random)
            status, _loc, data, ms = self.request(
                "POST",
                save_url,
                {"question": qid, "response": response, "version": versions.get(qid, 0)},
                accept="application/json",
            )
            if status == 409 and json.loads(data).get("code") == "expired":
                with phase.lock:
                    phase.refused_late += 1
                break
            if status != 200:
                phase.error(f"autosave {status}")
                continue
            phase.record("autosave", ms)
            versions[qid] = json.loads(data)["version"]
            self.acked[qid] = response
        if self.walks_away:
            return
        # The player hands in by itself when its clock reaches zero (phones' clocks differ by a second or so).
        time.sleep(max(0.0, phase.deadline_wall - time.time() + random.uniform(0, 1.5)))
        status, location, _data, ms = self.request("POST", f"/quizzes/attempts/{self.attempt_id}/submit/", "")
        if status != 302 or not location:
            return phase.error(f"handin {status}")
        phase.record("handin", ms)
        status, _loc, _data, ms = self.request("GET", urlparse(location).path)
        if status != 200:
            return phase.error(f"result {status}")
        phase.record("result", ms)


def warm_up(*, port: int, sessions: list[str], quiz_id: int) -> None:
    """Each session starts, loads and hands in a practice paper once, all at once, so every
    gunicorn worker has imported its views and templates before the exam is measured."""

    def one(key: str) -> None:
        phase = Phase(
            name="warm-up",
            mode="spread",
            quiz_id=quiz_id,
            deadline_wall=time.time(),
            grace_s=0,
            spread_s=0,
            walk_away=0,
            think=(0, 0),
        )
        trainee = BurstTrainee(port=port, session_key=key, phase=phase, gate=None, start_at=0)
        status, location, _d, _ms = trainee.request("POST", f"/quizzes/{quiz_id}/start/", "confirmed=1")
        if status == 302 and location:
            path = urlparse(location).path
            trainee.request("GET", path)
            status, location, _d, _ms = trainee.request("POST", f"{path}submit/", "")
            if status == 302 and location:
                trainee.request("GET", urlparse(location).path)

    threads = [threading.Thread(target=one, args=(key,), daemon=True) for key in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)


def sweep_race(*, phase: Phase, every_s: float, give_up_s: float) -> None:
    """From deadline plus grace, run the sweep every `every_s` seconds (the scheduler's tick, here
    shortened so that it lands in the middle of the trainees' own hand-ins) until no attempt of the
    exam is in progress; record when that happened."""
    from django.db import connection

    from quizzes.models import AttemptStatus, QuizAttempt
    from quizzes.services import quiz_attempts_sweep

    time.sleep(max(0.0, phase.deadline_wall + phase.grace_s - time.time() + 0.05))
    try:
        while time.time() < phase.deadline_wall + give_up_s:
            try:
                quiz_attempts_sweep()
            except Exception as exc:  # noqa: BLE001 - a failed sweep is an error of the run
                phase.error(f"sweep {type(exc).__name__}")
            left = QuizAttempt.objects.filter(quiz_id=phase.quiz_id, status=AttemptStatus.IN_PROGRESS).count()
            if not left:
                phase.closed_at = time.time()
                return
            time.sleep(every_s)
    finally:
        connection.close()


def phase_verify(*, phase: Phase, trainees: list[BurstTrainee], expected: int) -> dict:
    """From the database: every acknowledged answer is stored as acknowledged; every attempt is
    closed, each once: finished with a final grade and one score per question on its paper (or
    abandoned with nothing saved), and with all listeners on, exactly one skills evidence row per
    graded attempt (the QuizAttemptGraded event was handled once)."""
    from django.apps import apps
    from django.db.models import Count

    from quizzes.models import AttemptAnswer, AttemptStatus, QuizAttempt

    attempts = {a.pk: a for a in QuizAttempt.objects.filter(quiz_id=phase.quiz_id)}
    held = {
        (a, q): (r, s)
        for a, q, r, s in AttemptAnswer.objects.filter(attempt__quiz_id=phase.quiz_id).values_list(
            "attempt_id", "question_id", "response", "score"
        )
    }
    lost = sum(
        1
        for t in trainees
        for qid, response in t.acked.items()
        if held.get((t.attempt_id, qid), ("missing", None))[0] != response
    )
    scored = {}
    for (attempt_id, _qid), (_r, score) in held.items():
        scored[attempt_id] = scored.get(attempt_id, 0) + (score is not None)
    bad = 0
    for attempt in attempts.values():
        if attempt.status == AttemptStatus.FINISHED:
            bad += attempt.graded_at is None or scored.get(attempt.pk, 0) != len(attempt.question_ids)
        elif attempt.status != AttemptStatus.ABANDONED:
            bad += 1
    evidence_twice = 0
    if apps.is_installed("skills"):
        from skills.models import Evidence

        evidence_twice = (
            Evidence.objects.filter(source_type="quizzes.QuizAttempt", source_id__in=[str(pk) for pk in attempts])
            .values("source_id")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
        )
    return {
        "lost_answers": lost,
        "attempts": len(attempts),
        "missing_attempts": expected - len(attempts),
        "attempts_not_closed_once": bad,
        "graded_twice": evidence_twice,
        "finished": sum(a.status == AttemptStatus.FINISHED for a in attempts.values()),
        "abandoned": sum(a.status == AttemptStatus.ABANDONED for a in attempts.values()),
        "auto_submitted": sum(a.auto_submitted for a in attempts.values()),
    }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered))) - 1))]


def phase_run(*, port: int, sessions: list[str], phase: Phase, sweep_every_s: float, start_at: float) -> dict:
    """Run one phase to its end and return its figures: the first trainee starts at `start_at`
    (time.time()), the others within the spread or at the same instant."""
    gate = threading.Barrier(len(sessions)) if phase.mode == "instant" else None
    trainees = [
        BurstTrainee(
            port=port,
            session_key=key,
            phase=phase,
            gate=gate,
            start_at=start_at + (random.uniform(0, phase.spread_s) if gate is None else 0.0),
        )
        for key in sessions
    ]
    sweeper = threading.Thread(
        target=sweep_race, kwargs={"phase": phase, "every_s": sweep_every_s, "give_up_s": 300}, daemon=True
    )
    sweeper.start()
    for t in trainees:
        t.start()
    for t in trainees:
        t.join(max(1.0, phase.deadline_wall + 200 - time.time()))
    sweeper.join(max(1.0, phase.deadline_wall + 310 - time.time()))
    stuck = sum(t.is_alive() for t in trainees)
    if stuck:
        phase.error("trainee still running")
    checked = phase_verify(phase=phase, trainees=trainees, expected=len(sessions))
    errors = sum(phase.errors.values()) + checked["missing_attempts"] + checked["attempts_not_closed_once"]
    errors += checked["graded_twice"]
    return {
        "trainees": len(sessions),
        **{f"{step}_p95_ms": percentile(phase.timings[step], 95) for step in STEPS},
        **{f"{step}_p50_ms": percentile(phase.timings[step], 50) for step in STEPS},
        "start_max_ms": max(phase.timings["start"], default=0.0),
        "autosaves": len(phase.timings["autosave"]),
        "handin_all_s": (phase.closed_at - phase.deadline_wall) if phase.closed_at else float("nan"),
        "errors": errors,
        "lost_answers": checked["lost_answers"],
        "finished": checked["finished"],
        "abandoned": checked["abandoned"],
        "closed_by_clock": checked["auto_submitted"],
        "graded_twice": checked["graded_twice"],
        "autosaves_refused_late": phase.refused_late,
        "error_kinds": dict(phase.errors),
    }


def phase_print(figures: dict, prefix: str = "") -> None:
    for key, value in figures.items():
        if key == "error_kinds":
            if value:
                print(f"{prefix}error_kinds={json.dumps(value, ensure_ascii=False)}")
        elif isinstance(value, float):
            print(f"{prefix}{key}={value:.1f}" if key.endswith("_s") else f"{prefix}{key}={value:.0f}")
        else:
            print(f"{prefix}{key}={value}")
