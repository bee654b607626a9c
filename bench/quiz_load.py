"""Load test of an exam: N trainees (default 200) start one timed exam at the same moment, save
every answer as they go (some change their mind), hand in (and retry the hand-in, as a double
tap would), and a stale tab tries to save after hand-in. Served by gunicorn on loopback against
PostgreSQL, in a scratch database this script creates and drops.

    .venv/bin/python bench/quiz_load.py [--trainees 200] [--questions 20] [--workers 3]
                                        [--threads 8] [--max-seconds 240] [--quiz-only]

Prints name=value lines: trainees, autosave_p95_ms, submit_p95_ms, errors, lost_answers (an
acknowledged answer that is not what the database holds after hand-in), plus a few more.

The 9 o'clock exam (bench/loadlib/burst.py):

    .venv/bin/python bench/quiz_load.py --burst [--trainees 500] [--phases spread,instant]
                                        [--spread 10] [--exam-seconds 60] [--grace 5]

Every trainee starts the same timed exam within --spread seconds (phase 'spread'), then a second
exam all at the same instant (phase 'instant'); answers are autosaved until the exam closes for
everyone at one deadline, when the players hand in by the clock and the sweep closes the papers
of those who walked away, racing them. Prints trainees, start_p95_ms, paper_p95_ms,
autosave_p95_ms, handin_p95_ms, handin_all_s (deadline until no attempt is left open), errors and
lost_answers for the spread phase, the same prefixed instant_ for the instant phase."""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import string
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = os.environ.get("QUIZ_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("QUIZ_BENCH_REDIS", "redis://127.0.0.1:6379/0")
SECTION = re.compile(r'<section class="card question" id="q(\d+)" data-qid="\d+" data-type="(\w+)"')
OPTION = re.compile(r'name="q(\d+)" value="(\d+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def environment(db_name: str, quiz_only: bool) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.quiz_load_settings",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=f"{PG}/{db_name}",
        REDIS_URL=REDIS,
        DJANGO_CACHE_PREFIX=db_name,
        DJANGO_SECRET_KEY="".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(60)),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_CONN_MAX_AGE="60",
        DJANGO_STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        QUIZ_BENCH_QUIZ_ONLY="1" if quiz_only else "0",
    )
    return env


KINDS = ["single", "multiple", "true_false", "fill_in"]


def bank_questions_create(category, count: int, stem: str = "第{n}题") -> None:
    """`count` auto-marked questions in `category`, the four kinds in turn (call after
    django.setup())."""
    from quizzes.services.bank import question_create

    for i in range(count):
        kind = KINDS[i % 4]
        question_create(
            category=category,
            qtype=kind,
            stem=stem.format(n=i + 1),
            options=[("甲", True), ("乙", kind == "multiple"), ("丙", False), ("丁", False)]
            if kind in ("single", "multiple")
            else [],
            correct_true=True if kind == "true_false" else None,
            accepted=["119"] if kind == "fill_in" else [],
            explanation="解析",
        )


def paper_read(page: str) -> tuple[list[tuple[int, str]], dict[int, list[int]]]:
    """The attempt page's questions [(id, kind)] in paper order and each one's option ids."""
    options: dict[int, list[int]] = {}
    for qid, oid in OPTION.findall(page):
        options.setdefault(int(qid), []).append(int(oid))
    return [(int(qid), kind) for qid, kind in SECTION.findall(page)], options


def answer_pick(kind: str, options: list[int], rng) -> object:
    """A trainee's answer to a question of `kind` with these option ids (`rng`: random or a
    random.Random)."""
    if kind == "single":
        return [rng.choice(options)]
    if kind == "multiple":
        return sorted(rng.sample(options, k=rng.randint(1, 3)))
    if kind == "true_false":
        return rng.choice([True, False])
    return rng.choice(["119", "１１９", "110"])


def build_exam(trainees: int, questions: int) -> tuple[int, list[str]]:
    """In the scratch database: a course with a 30-minute exam drawing `questions` questions
    of every type except essay, and `trainees` logins with a session each (no password
    hashing: the bench measures the exam, not the login)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from courses.models import CatalogPage, CoursePage, HomePage
    from quizzes.models import QuestionCategory
    from quizzes.services.bank import quiz_page_create

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="学院", slug="bench-home"))
    catalog = home.add_child(instance=CatalogPage(title="目录", slug="bench-courses"))
    course = CoursePage(title="压测课程", slug="bench-course", subject_area="law")
    catalog.add_child(instance=course)
    category = QuestionCategory.objects.create(name="压测题库")
    bank_questions_create(category, questions)
    quiz = quiz_page_create(
        course=course,
        title="压测考试",
        slug="bench-exam",
        draws=[(category, questions)],
        random_order=True,
        shuffle_options=True,
        time_limit_minutes=30,
        single_attempt=True,
        pass_mark=60,
    )
    User = get_user_model()
    User.objects.bulk_create([User(username=f"bench{i}", password="!") for i in range(trainees)])  # noqa: S106 - unusable
    cookies = [login_session(user) for user in User.objects.filter(username__startswith="bench").order_by("pk")]
    return quiz.pk, cookies


def login_session(user) -> str:
    """A session key signed in as `user`, as the login view would leave it, without the password
    hashing (the benches and fault tests measure what comes after the login)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


class Trainee(threading.Thread):
    def __init__(self, *, port, session_key, quiz_id, start_gate, deadline, stats, lock, think):
        super().__init__(daemon=True)
        self.think = think
        self.port, self.quiz_id, self.start_gate, self.deadline = port, quiz_id, start_gate, deadline
        self.stats, self.lock = stats, lock
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookie = f"sessionid={session_key}; csrftoken={self.csrf}"
        self.acked: dict[int, object] = {}
        self.attempt_id: int | None = None
        self.conn = None

    def request(self, method, path, body=None, accept="application/json"):
        headers = {"Cookie": self.cookie, "X-CSRFToken": self.csrf, "Accept": accept, "Host": "127.0.0.1"}
        if isinstance(body, str):  # a form post, as a browser sends it
            body = body.encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(2):  # one reconnect if the server closed the kept-alive socket
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                started = time.perf_counter()
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, response.getheader("Location"), data, (time.perf_counter() - started) * 1000
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn = None
                if attempt:
                    raise
        raise RuntimeError("unreachable")

    def error(self, what):
        with self.lock:
            self.stats["errors"] += 1
            self.stats["error_kinds"][what] = self.stats["error_kinds"].get(what, 0) + 1

    def run(self):
        try:
            self.start_gate.wait()
            self.take_exam()
        except Exception as exc:  # noqa: BLE001 - counted as an error of the run
            self.error(type(exc).__name__)

    def take_exam(self):
        status, location, _data, _ms = self.request(
            "POST", f"/quizzes/{self.quiz_id}/start/", "confirmed=1", accept="text/html"
        )  # the confirmation page's button
        if status != 302 or not location or "/attempts/" not in location:
            return self.error(f"start {status}")
        path = urlparse(location).path
        self.attempt_id = int(path.rstrip("/").split("/")[-1])
        status, _loc, html, _ms = self.request("GET", path, accept="text/html")
        if status != 200:
            return self.error(f"paper {status}")
        plan, options = paper_read(html.decode())
        versions: dict[int, int] = {}
        save_url = f"/quizzes/attempts/{self.attempt_id}/answer/"
        plan += random.sample(plan, k=max(1, len(plan) // 4))  # a quarter of the answers are changed
        for qid, kind in plan:
            if time.monotonic() > self.deadline:
                return self.error("time budget")
            time.sleep(random.uniform(*self.think))  # reading the question
            response = answer_pick(kind, options.get(qid, []), random)
            status, _loc, data, ms = self.request(
                "POST", save_url, {"question": qid, "response": response, "version": versions.get(qid, 0)}
            )
            if status != 200:
                self.error(f"autosave {status}")
                continue
            with self.lock:
                self.stats["autosave_ms"].append(ms)
            versions[qid] = json.loads(data)["version"]
            self.acked[qid] = response
        status, _loc, _data, ms = self.request("POST", f"/quizzes/attempts/{self.attempt_id}/submit/", {})
        if status != 200:
            return self.error(f"submit {status}")
        with self.lock:
            self.stats["submit_ms"].append(ms)
        status, _loc, _data, ms = self.request("POST", f"/quizzes/attempts/{self.attempt_id}/submit/", {})
        if status != 200:
            self.error(f"retried submit {status}")
        # a stale tab saves after hand-in: refused, changes nothing
        qid = plan[0][0]
        status, _loc, data, _ms = self.request(
            "POST", save_url, {"question": qid, "response": None, "version": versions.get(qid, 0)}
        )
        if status != 409 or json.loads(data).get("code") != "finished":
            self.error(f"stale save {status}")


def verify(trainees: list[Trainee]) -> dict:
    """After the run: every acknowledged answer is in the database as acknowledged, every
    attempt finished exactly once with one grade."""
    from quizzes.models import AttemptAnswer, AttemptStatus, QuizAttempt

    attempts = {a.pk: a for a in QuizAttempt.objects.all()}
    held = {(a.attempt_id, a.question_id): a.response for a in AttemptAnswer.objects.all()}
    lost = 0
    for t in trainees:
        for qid, response in t.acked.items():
            if held.get((t.attempt_id, qid), "missing") != response:
                lost += 1
    finished = sum(1 for a in attempts.values() if a.status == AttemptStatus.FINISHED and a.graded_at)
    return {"lost_answers": lost, "attempts": len(attempts), "attempts_finished": finished}


def server_start(*, port: int, env: dict, workers: int, threads: int) -> subprocess.Popen:
    """gunicorn serving the project on loopback, once it answers /healthz."""
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "lms.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "-k",
            "gthread",
            "--threads",
            str(threads),
            "--timeout",
            "60",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/healthz")
            break
        except OSError:
            time.sleep(0.2)
    return server


def burst_world(trainees: int, questions: int):
    """The scratch database's course, question bank and trainees' sessions for the burst."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from courses.models import CatalogPage, CoursePage, HomePage
    from quizzes.models import QuestionCategory

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="学院", slug="bench-home"))
    catalog = home.add_child(instance=CatalogPage(title="目录", slug="bench-courses"))
    course = CoursePage(title="压测课程", slug="bench-course", subject_area="law")
    catalog.add_child(instance=course)
    category = QuestionCategory.objects.create(name="压测题库")
    bank_questions_create(category, questions * 2)  # a draw of `questions` from twice as many
    User = get_user_model()
    User.objects.bulk_create([User(username=f"bench{i}", password="!") for i in range(trainees)])  # noqa: S106 - unusable
    sessions = [login_session(user) for user in User.objects.filter(username__startswith="bench").order_by("pk")]
    return course, category, sessions


def burst_main(args, env: dict, port: int) -> int:
    """--burst: the phases of bench/loadlib/burst.py, one exam each, against one server."""
    import datetime as dt

    from loadlib.burst import Phase, exam_create, phase_print, phase_run, warm_up

    course, category, sessions = burst_world(args.trainees, args.questions)  # sets Django up
    from quizzes.services.bank import quiz_page_create

    practice = quiz_page_create(
        course=course, title="热身练习", slug="bench-warm-up", draws=[(category, args.questions)], pass_mark=60
    )
    server = server_start(port=port, env=env, workers=args.workers, threads=args.threads)
    try:
        warm_up(port=port, sessions=sessions[: 2 * args.workers * args.threads], quiz_id=practice.pk)
        load_before = os.getloadavg()[0]
        for n, mode in enumerate(args.phases.split(",")):
            lead = 3.0 + args.trainees / 200  # time to create the trainees' threads before the start
            first_start = time.time() + lead
            window = (args.spread if mode == "spread" else 0) + args.exam_seconds
            deadline = first_start + window
            quiz_id = exam_create(
                course=course,
                category=category,
                questions=args.questions,
                title=f"九点考试{n + 1}",
                slug=f"bench-exam-{n + 1}",
                closes_at=dt.datetime.fromtimestamp(deadline, tz=dt.UTC),
                grace=args.grace,
            )
            phase = Phase(
                name=mode,
                mode=mode,
                quiz_id=quiz_id,
                deadline_wall=deadline,
                grace_s=args.grace,
                spread_s=args.spread,
                walk_away=args.walk_away,
                think=tuple(float(x) for x in args.think.split(",")),
            )
            figures = phase_run(
                port=port, sessions=sessions, phase=phase, sweep_every_s=args.sweep_every, start_at=first_start
            )
            phase_print(figures, prefix="" if n == 0 else f"{mode}_")
        print(f"phases={args.phases}")
        print(f"questions={args.questions}")
        print(f"spread_s={args.spread}")
        print(f"exam_seconds={args.exam_seconds}")
        print(f"grace_s={args.grace}")
        print(f"walk_away={args.walk_away}")
        print(f"gunicorn=workers:{args.workers},threads:{args.threads}")
        print(f"listeners={'quiz-only' if args.quiz_only else 'all'}")
        print(f"loadavg_1m_before={load_before:.1f}")
        print(f"loadavg_1m_after={os.getloadavg()[0]:.1f}")
        return 0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=200)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--max-seconds", type=int, default=240)
    parser.add_argument("--quiz-only", action="store_true", help="leave out other apps' listeners")
    parser.add_argument(
        "--think",
        default="3,8",
        help="seconds a trainee spends on a question before its answer is saved, min,max (a real exam is "
        "30-90 s a question; the default compresses it about ten times)",
    )
    parser.add_argument("--burst", action="store_true", help="the 9 o'clock exam (see above)")
    parser.add_argument("--phases", default="spread,instant", help="--burst: spread, instant or both")
    parser.add_argument("--spread", type=float, default=10.0, help="--burst: seconds over which trainees start")
    parser.add_argument("--exam-seconds", type=float, default=60.0, help="--burst: answering time after the starts")
    parser.add_argument("--grace", type=int, default=5, help="--burst: the exam's grace period (seconds)")
    parser.add_argument("--walk-away", type=float, default=0.05, help="--burst: share who never hand in")
    parser.add_argument("--sweep-every", type=float, default=5.0, help="--burst: seconds between sweeps")
    args = parser.parse_args()

    think = tuple(float(x) for x in args.think.split(","))
    db_name = f"quizbench_{os.getpid()}"
    env = environment(db_name, args.quiz_only)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    port = free_port()
    server = None
    started = time.monotonic()
    # QUIZ_BENCH_TEMPLATE: a database already migrated, copied instead of migrating from nothing
    # (minutes on a busy machine); migrate then applies only what is newer.
    template = os.environ.get("QUIZ_BENCH_TEMPLATE")
    pg_admin(f'CREATE DATABASE "{db_name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=900)
        if args.burst:
            return burst_main(args, env, port)
        quiz_id, sessions = build_exam(args.trainees, args.questions)
        server = server_start(port=port, env=env, workers=args.workers, threads=args.threads)
        stats = {"errors": 0, "error_kinds": {}, "autosave_ms": [], "submit_ms": []}
        lock = threading.Lock()
        gate = threading.Barrier(args.trainees)
        budget = time.monotonic() + args.max_seconds
        trainees = [
            Trainee(
                port=port,
                session_key=key,
                quiz_id=quiz_id,
                start_gate=gate,
                deadline=budget,
                stats=stats,
                lock=lock,
                think=think,
            )
            for key in sessions
        ]
        run_started = time.monotonic()
        load_before = os.getloadavg()[0]
        for t in trainees:
            t.start()
        for t in trainees:
            t.join(max(1, budget - time.monotonic() + 30))
        run_seconds = time.monotonic() - run_started
        unfinished = sum(1 for t in trainees if t.is_alive())
        checked = verify(trainees)
        print(f"trainees={args.trainees}")
        print(f"questions={args.questions}")
        print(f"autosave_p95_ms={p95(stats['autosave_ms']):.1f}")
        print(f"submit_p95_ms={p95(stats['submit_ms']):.1f}")
        print(f"errors={stats['errors'] + unfinished}")
        print(f"lost_answers={checked['lost_answers']}")
        print(f"autosaves={len(stats['autosave_ms'])}")
        print(
            f"autosave_p50_ms={p95([]) if not stats['autosave_ms'] else sorted(stats['autosave_ms'])[len(stats['autosave_ms']) // 2]:.1f}"
        )
        print(f"attempts_finished={checked['attempts_finished']}")
        print(f"run_seconds={run_seconds:.1f}")
        print(f"gunicorn=workers:{args.workers},threads:{args.threads}")
        print(f"listeners={'quiz-only' if args.quiz_only else 'all'}")
        print(f"think_seconds={args.think}")
        print(f"loadavg_1m_before={load_before:.1f}")
        print(f"loadavg_1m_after={os.getloadavg()[0]:.1f}")
        print(f"offered_saves_per_s={args.trainees * 2 / (think[0] + think[1]):.0f}")
        if stats["error_kinds"]:
            print(f"error_kinds={json.dumps(stats['error_kinds'], ensure_ascii=False)}")
        return 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        from django.db import connections

        connections.close_all()
        pg_admin(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        print(f"total_seconds={time.monotonic() - started:.1f}")


if __name__ == "__main__":
    sys.exit(main())
