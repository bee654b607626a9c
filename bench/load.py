"""Load test: simulated trainees and managers against gunicorn + PostgreSQL on loopback, with the
production settings (Redis cache, cached_db sessions, whitenoise).

    .venv/bin/python bench/load.py                      # 300 trainees, 20 managers, 180 s
    .venv/bin/python bench/load.py --duration 60 --users 100 --managers 10 --ramp 20

It builds a scratch PostgreSQL database (bench_load_<pid>, dropped at the end), runs migrate,
collectstatic and the demo, adds the simulated staff over 10 sites (with sessions created
directly, so password hashing is not what is measured), starts gunicorn with
deploy/gunicorn.conf.py on a free loopback port, lets the simulated people arrive at random over
--ramp seconds (default 60), and then measures the workload with everyone present for --duration
seconds (default 180). Figures are of the measured window; the ramp-up's are printed apart
(requests_rampup=, p95_ms_rampup=) and its errors count in errors=.
Each simulated person waits a random think time (exponential, mean --think seconds) between
requests. Everything is bounded: the run stops after --duration (+ a 30 s drain), every request
has a 30 s timeout, and only 127.0.0.1 is contacted.

Trainees: my learning, course pages, lesson pages, "lesson done" (a POST with CSRF: a write that
is checked afterwards), a practice quiz (start, the paper, one answer saved per step, some changed,
hand-in once every answer is saved, then a new attempt), the demo's role-play scenarios (start,
one choice per step through the chat player, the debrief at the end, then a restart), my skills,
my quiz results, the learning API. Managers: the staff list, the skills dashboard, the team API.

Prints name=value lines: users=, requests=, rps=, p50_ms=, p95_ms=, p99_ms=, errors=,
lost_answers= (acknowledged answer saves whose value the database does not hold afterwards),
lost_writes= (acknowledged "lesson done" POSTs with no completion row afterwards), attempts
finished more than once, and a p95 per request kind."""

import argparse
import csv
import http.client
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, urlparse

from quiz_load import answer_pick, paper_read  # bench/ is on the path: run as a script

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
CHOICE = re.compile(r'action="/scenarios/runs/(\d+)/choose/"[^>]*>.*?name="choice" value="([^"]+)"', re.S)

SETUP = r"""
import json, os, datetime as dt
from courses.models import CoursePage, LessonPage
from org.models import Company, Department, Post, Role, Site
from org.services import staff_set_scope, staff_upsert
from bench.quiz_load import login_session

users, managers = int(os.environ["BENCH_USERS"]), int(os.environ["BENCH_MANAGERS"])
company = Company.objects.first()
posts = list(Post.objects.filter(code__in=["kefu", "gongcheng", "anbao", "baojie", "lvhua"]))
sites = list(Site.objects.all())
for n in range(len(sites), 10):
    sites.append(Site.objects.create(company=company, code=f"B{n:02d}", name=f"压测小区{n}"))

out = {"trainees": [], "managers": []}
today = dt.date.today()
for i in range(users):
    site, post = sites[i % len(sites)], posts[i % len(posts)]
    profile, _ = staff_upsert(employee_number=f"LT{i:05d}", name=f"压测学员{i}", post=post, site=site,
                              hire_date=today - dt.timedelta(days=i % 30), role=Role.TRAINEE)
    out["trainees"].append({"user_id": profile.user_id, "session": login_session(profile.user)})
for i in range(managers):
    site = sites[i % len(sites)]
    profile, _ = staff_upsert(employee_number=f"LM{i:05d}", name=f"压测经理{i}", post=posts[0], site=site,
                              hire_date=today, role=Role.MANAGER)
    staff_set_scope(profile=profile, sites=[site])
    out["managers"].append({"user_id": profile.user_id, "session": login_session(profile.user)})
# A practice quiz of 10 questions drawn from 20 (every auto-marked type), unlimited attempts,
# shuffled: what trainees do most between lessons.
from bench.quiz_load import bank_questions_create
from quizzes.models import QuestionCategory
from quizzes.services.bank import quiz_page_create
from scenarios.models import ScenarioPage

course = CoursePage.objects.live().first()
category = QuestionCategory.objects.create(name="压测练习题")
bank_questions_create(category, 20, stem="练习第{n}题")
quiz = quiz_page_create(course=course, title="压测练习", slug="bench-practice", draws=[(category, 10)],
                        random_order=True, shuffle_options=True, attempts_allowed=0, pass_mark=60)
out["quiz_id"] = quiz.pk
out["scenarios"] = [{"id": p.pk, "url": p.url} for p in ScenarioPage.objects.live()]
out["courses"] = [c.url for c in CoursePage.objects.live()]
out["lessons"] = [{"id": l.pk, "url": l.url} for l in LessonPage.objects.live()]
json.dump(out, open(os.environ["BENCH_OUT"], "w"))
"""

VERIFY = r"""
import json, os
from courses.models import StepCompletion
from quizzes.models import AttemptAnswer, AttemptStatus, QuizAttempt
acked = json.load(open(os.environ["BENCH_ACKED"]))
done = set(StepCompletion.objects.values_list("user_id", "step_id"))
lost_writes = sum(1 for u, s in acked["lessons"] if (u, s) not in done)
held = {(a, q): r for a, q, r in AttemptAnswer.objects.values_list("attempt_id", "question_id", "response")}
lost_answers = sum(1 for a, q, r in acked["answers"] if held.get((a, q), "missing") != r)
finished = set(QuizAttempt.objects.filter(status=AttemptStatus.FINISHED, graded_at__isnull=False).values_list("pk", flat=True))
not_finished = sum(1 for a in set(acked["submitted"]) if a not in finished)
print(json.dumps({"lost_writes": lost_writes, "lost_answers": lost_answers, "submitted_not_finished": not_finished}))
"""


def scratch_env(db: str, work: Path, **extra: str) -> dict:
    """The production settings on the scratch database `db`, Redis and loopback, for manage.py
    subprocesses (and bench/request_cpu.py's own process)."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "LMS_"))},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{db}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_CACHE_PREFIX": db,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(Path(tempfile.gettempdir()) / "bench_load_static"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra,
    }


def scratch_data_build(env: dict, work: Path, *, users: int, managers: int) -> dict:
    """Migrate the scratch database, collect static files, compile the catalogues, load the demo
    and add the simulated people and the practice quiz (SETUP); returns SETUP's data."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "compilemessages", "--ignore=.venv", "-v", "0")
    manage(env, "demo")
    out = work / "setup.json"
    extra = {"BENCH_USERS": str(users), "BENCH_MANAGERS": str(managers), "BENCH_OUT": str(out)}
    manage(env, "shell", "-c", SETUP, extra_env=extra)
    return json.loads(out.read_text())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", "postgres", "-qAtc", sql],
        check=True,
        capture_output=True,
    )


def manage(env: dict, *args: str, extra_env: dict | None = None) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env={**env, **(extra_env or {})},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-6000:])
        raise SystemExit(f"manage.py {args[0]} failed")
    return result.stdout


class Person:
    """One simulated user: its own cookies, a loop of weighted actions with think time."""

    def __init__(self, bench, kind: str, data: dict):
        self.bench, self.kind, self.data = bench, kind, data
        self.cookies = {"sessionid": data["session"]}
        self.rng = random.Random(data["user_id"])
        self.attempt: dict | None = None  # {"id", "plan": [(qid, kind)], "versions", "options"}
        self.run_path: str | None = None  # the scenario player page of the run in progress
        self.choices: list[tuple[int, str]] = []

    def request(self, label: str, method: str, path: str, body: bytes | None = None, headers=None) -> int:
        return self.fetch(label, method, path, body, headers)[0]

    def fetch(self, label: str, method: str, path: str, body: bytes | None = None, headers=None):
        """(status, Location, body) of one request, timed and recorded under `label`."""
        headers = dict(headers or {})
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers["Host"] = f"127.0.0.1:{self.bench.port}"
        start, began = time.perf_counter(), time.monotonic()
        status, location, data = 0, None, b""
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.bench.port, timeout=30)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status = response.status
            location = response.getheader("Location")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    match = re.match(r"([^=]+)=([^;]*)", value)
                    if match:
                        self.cookies[match.group(1)] = match.group(2)
            conn.close()
        except OSError:
            status = 0
        self.bench.record(label, status, (time.perf_counter() - start) * 1000, began)
        return status, location, data

    def form_post(self, label: str, path: str, fields: str = "") -> tuple:
        body = f"csrfmiddlewaretoken={self.cookies['csrftoken']}" + (f"&{fields}" if fields else "")
        return self.fetch(
            label, "POST", path, body.encode(), headers={"Content-Type": "application/x-www-form-urlencoded"}
        )

    def json_post(self, label: str, path: str, payload: dict) -> tuple:
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-CSRFToken": self.cookies["csrftoken"],
        }
        return self.fetch(label, "POST", path, json.dumps(payload).encode(), headers=headers)

    def quiz_step(self) -> None:
        """Start an attempt, or save the next answer, or hand in when every answer is saved."""
        b, r = self.bench, self.rng
        if self.attempt is None:
            status, location, _ = self.form_post("quiz start (POST)", f"/quizzes/{b.quiz_id}/start/")
            if status != 302 or not location or "/attempts/" not in location:
                return
            path = urlparse(location).path
            status, _, html = self.fetch("quiz paper", "GET", path)
            if status != 200:
                return
            plan, options = paper_read(html.decode())
            plan += r.sample(plan, k=len(plan) // 4)  # a quarter of the answers are changed
            self.attempt = {
                "id": int(path.rstrip("/").split("/")[-1]),
                "plan": plan,
                "versions": {},
                "options": options,
            }
            return
        attempt = self.attempt
        if attempt["plan"]:
            qid, kind = attempt["plan"].pop(0)
            response = answer_pick(kind, attempt["options"].get(qid, []), r)
            payload = {"question": qid, "response": response, "version": attempt["versions"].get(qid, 0)}
            status, _, data = self.json_post(
                "quiz answer save (POST)", f"/quizzes/attempts/{attempt['id']}/answer/", payload
            )
            if status == 200:
                attempt["versions"][qid] = json.loads(data)["version"]
                b.answer_acked(attempt["id"], qid, response)
            return
        status, _, _ = self.json_post("quiz submit (POST)", f"/quizzes/attempts/{attempt['id']}/submit/", {})
        if status == 200:
            b.submitted(attempt["id"])
            self.attempt = None

    def scenario_step(self) -> None:
        """Start (or restart) a scenario, or take one choice; at the end, read the debrief."""
        b, r = self.bench, self.rng
        if not self.choices:
            scenario = r.choice(b.scenarios)
            status, location, _ = self.form_post(
                "scenario start (POST)", f"/scenarios/{scenario['id']}/start/", "restart=1"
            )
            if status == 302 and location:
                self.show_player(urlparse(location).path)
            return
        run_id, key = r.choice(self.choices)
        status, location, _ = self.form_post(
            "scenario choice (POST)", f"/scenarios/runs/{run_id}/choose/", f"choice={quote(key)}"
        )
        self.choices = []
        if status == 302 and location:
            self.show_player(urlparse(location).path)

    def show_player(self, path: str) -> None:
        if "/scenarios/runs/" in path:
            self.fetch("scenario debrief", "GET", path)
            return
        status, _, html = self.fetch("scenario player", "GET", path)
        if status == 200:
            self.choices = [(int(run), key) for run, key in CHOICE.findall(html.decode())]

    def act(self) -> None:
        b, r = self.bench, self.rng
        if self.kind == "manager":
            choice = r.random()
            if choice < 0.4:
                self.request("manager staff list", "GET", "/people/")
            elif choice < 0.8:
                self.request("manager skills dashboard", "GET", "/skills/team/")
            else:
                self.request("manager team api", "GET", "/api/v1/people/team")
            return
        choice = r.random()
        if "csrftoken" not in self.cookies or choice < 0.10:
            self.request("my learning", "GET", "/learning/")  # also sets the CSRF cookie
        elif choice < 0.20 and b.courses:
            self.request("course page", "GET", r.choice(b.courses))
        elif choice < 0.34 and b.lessons:
            self.request("lesson page", "GET", r.choice(b.lessons)["url"])
        elif choice < 0.42 and b.lessons:
            lesson = r.choice(b.lessons)
            status, _, _ = self.form_post("lesson done (POST)", f"/learning/lessons/{lesson['id']}/done/")
            if status == 302:
                b.acked(self.data["user_id"], lesson["id"])
        elif choice < 0.72:
            self.quiz_step()
        elif choice < 0.88 and b.scenarios:
            self.scenario_step()
        elif choice < 0.92:
            self.request("learning api", "GET", "/api/v1/learning/me")
        elif choice < 0.96:
            self.request("my skills", "GET", "/skills/")
        else:
            self.request("my quiz results", "GET", "/quizzes/mine/")

    def run(self) -> None:
        time.sleep(self.rng.uniform(0, self.bench.ramp))  # people arrive over the ramp-up
        if self.kind == "trainee":
            self.request("my learning", "GET", "/learning/")  # also sets the CSRF cookie
        while time.monotonic() < self.bench.deadline:
            self.act()
            time.sleep(min(self.rng.expovariate(1 / self.bench.think), 30.0))


class Bench:
    def __init__(self, port: int, data: dict, duration: float, think: float, ramp: float):
        self.port, self.duration, self.think, self.ramp = port, duration, think, ramp
        self.courses, self.lessons = data["courses"], data["lessons"]
        self.quiz_id, self.scenarios = data["quiz_id"], data["scenarios"]
        self.lock = threading.Lock()
        # Every request: (start in s from the measured window's start, label, status, ms); the
        # ramp-up's start before 0.
        self.timeline: list[tuple[float, str, int, float]] = []
        self.acked_pairs: list[tuple[int, int]] = []
        self.acked_answers: dict[tuple[int, int], object] = {}  # (attempt, question) → last acknowledged
        self.submitted_attempts: set[int] = set()
        self.measure_from = time.monotonic() + ramp
        self.deadline = self.measure_from + duration

    def record(self, label: str, status: int, ms: float, began: float) -> None:
        with self.lock:
            self.timeline.append((began - self.measure_from, label, status, ms))

    def acked(self, user_id: int, lesson_id: int) -> None:
        with self.lock:
            self.acked_pairs.append((user_id, lesson_id))

    def answer_acked(self, attempt_id: int, question_id: int, response) -> None:
        with self.lock:
            self.acked_answers[(attempt_id, question_id)] = response

    def submitted(self, attempt_id: int) -> None:
        with self.lock:
            self.submitted_attempts.add(attempt_id)


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process, its running children and its reaped children."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ppid = int(fields[1])
        if int(entry.name) == pid:
            # utime, stime, and cutime, cstime: workers recycled (max_requests) and reaped.
            total += sum(int(f) for f in fields[11:15]) / tick
        elif ppid == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, summed over its cores (/proc/stat)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / tick, sum(fields) / tick


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=300, help="simulated trainees")
    parser.add_argument("--managers", type=int, default=20, help="simulated managers")
    parser.add_argument("--duration", type=float, default=180.0, help="seconds measured, everyone present")
    parser.add_argument("--ramp", type=float, default=60.0, help="seconds over which people arrive (not measured)")
    parser.add_argument("--think", type=float, default=5.0, help="mean think time between a person's requests (s)")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
    parser.add_argument("--timeline", default="", help="write every request (start s, kind, status, ms) to this CSV")
    args = parser.parse_args()

    db = f"bench_load_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="bench_load_"))
    env = scratch_env(db, work, GUNICORN_WORKERS=str(args.workers), GUNICORN_LOG_LEVEL="warning")
    psql(f'CREATE DATABASE "{db}"')
    server = None
    try:
        t0 = time.monotonic()
        data = scratch_data_build(env, work, users=args.users, managers=args.managers)
        print(f"setup_s={time.monotonic() - t0:.0f}", flush=True)

        port = free_port()
        server = subprocess.Popen(
            [PY, "-m", "gunicorn", "lms.wsgi:application", "--config", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=open(work / "gunicorn.log", "w"),  # noqa: SIM115 — closed with the process
        )
        for _ in range(120):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not start; see " + str(work / "gunicorn.log"))

        bench = Bench(port, data, args.duration, args.think, args.ramp)
        people = [Person(bench, "trainee", d) for d in data["trainees"]] + [
            Person(bench, "manager", d) for d in data["managers"]
        ]
        threads = [threading.Thread(target=p.run, daemon=True) for p in people]
        for thread in threads:
            thread.start()
        time.sleep(max(0.0, bench.measure_from - time.monotonic()))
        load_before = os.getloadavg()[0]
        cpu_before = process_cpu_seconds(server.pid)
        machine_before, own_before = machine_cpu_seconds(), time.process_time()
        started = time.monotonic()
        for thread in threads:
            thread.join(timeout=max(0.0, bench.deadline - time.monotonic()) + 30)
        elapsed = time.monotonic() - started
        cpu_used = process_cpu_seconds(server.pid) - cpu_before
        machine_after, own_used = machine_cpu_seconds(), time.process_time() - own_before
        load_after = os.getloadavg()[0]
        server.terminate()
        server.wait(timeout=60)
        server = None

        with bench.lock:
            timeline = list(bench.timeline)
            samples = [(label, status, ms) for t, label, status, ms in timeline if t >= 0]
            rampup = [(label, status, ms) for t, label, status, ms in timeline if t < 0]
            acked = {
                "lessons": list(bench.acked_pairs),
                "answers": [[a, q, r] for (a, q), r in bench.acked_answers.items()],
                "submitted": sorted(bench.submitted_attempts),
            }
        if args.timeline:
            with open(args.timeline, "w", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(["start_s", "kind", "status", "ms"])
                writer.writerows((f"{t:.3f}", label, status, f"{ms:.1f}") for t, label, status, ms in timeline)
        acked_file = work / "acked.json"
        acked_file.write_text(json.dumps(acked))
        verified = manage(env, "shell", "-c", VERIFY, extra_env={"BENCH_ACKED": str(acked_file)})
        check = json.loads(verified.strip().splitlines()[-1])
        latencies = [ms for _, _, ms in samples]
        errors = sum(1 for _, status, _ in samples + rampup if not (200 <= status < 400))
        print(f"users={len(data['trainees']) + len(data['managers'])}")
        print(f"trainees={len(data['trainees'])}")
        print(f"managers={len(data['managers'])}")
        print(f"ramp_s={args.ramp:.0f}")
        print(f"duration_s={elapsed:.0f}")
        print(f"gunicorn_workers={args.workers}")
        print(f"think_s={args.think}")
        print(f"requests={len(samples)}")
        print(f"rps={len(samples) / elapsed:.1f}")
        print(f"p50_ms={percentile(latencies, 50):.0f}")
        print(f"p95_ms={percentile(latencies, 95):.0f}")
        print(f"p99_ms={percentile(latencies, 99):.0f}")
        print(f"mean_ms={statistics.fmean(latencies) if latencies else 0:.0f}")
        print(f"max_ms={max(latencies, default=0):.0f}")
        print(f"slow_requests_over_1s={sum(1 for ms in latencies if ms > 1000)}")
        print(f"errors={errors}")
        print(f"requests_rampup={len(rampup)}")
        print(f"p95_ms_rampup={percentile([ms for _, _, ms in rampup], 95):.0f}")
        # CPU the web processes spent per request: what the app costs, whatever else the machine runs.
        print(f"server_cpu_ms_per_request={1000 * cpu_used / max(1, len(samples)):.1f}")
        # Where the machine's CPU went: the web processes, this load generator, and the rest
        # (PostgreSQL, Redis, the kernel). busy_pct is of all cores together.
        busy = machine_after[0] - machine_before[0]
        print(f"machine_cpu_busy_pct={100 * busy / max(1e-9, machine_after[1] - machine_before[1]):.0f}")
        print(f"loadgen_cpu_ms_per_request={1000 * own_used / max(1, len(samples)):.1f}")
        print(f"other_cpu_ms_per_request={1000 * (busy - cpu_used - own_used) / max(1, len(samples)):.1f}")
        print(f"loadavg_1m_before={load_before:.1f}")
        print(f"loadavg_1m_after={load_after:.1f}")
        print(f"answers_acknowledged={len(acked['answers'])}")
        print(f"lost_answers={check['lost_answers']}")
        print(f"attempts_submitted={len(acked['submitted'])}")
        print(f"submitted_attempts_not_finished={check['submitted_not_finished']}")
        print(f"writes_acknowledged={len(acked['lessons'])}")
        print(f"lost_writes={check['lost_writes']}")
        by_label = defaultdict(list)
        for label, _, ms in samples:
            by_label[label].append(ms)
        for label, values in sorted(by_label.items()):
            key = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
            print(f"p95_ms_{key}={percentile(values, 95):.0f} n_{key}={len(values)}")
        status_counts = defaultdict(int)
        for _, status, _ in samples:
            status_counts[status] += 1
        print("statuses=" + ",".join(f"{k}:{v}" for k, v in sorted(status_counts.items())))
        return 0
    finally:
        if server is not None:
            server.kill()
            server.wait()
        psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
