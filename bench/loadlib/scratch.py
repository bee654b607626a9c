"""The load bench's scratch world: a PostgreSQL database of its own with the production settings,
the demo and the simulated staff (SETUP), and the check afterwards that every acknowledged write
is in the database (VERIFY). Also used by bench/request_cpu.py through bench/load.py."""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}

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


def server_start(env: dict, work: Path) -> tuple[subprocess.Popen, int]:
    """Start gunicorn with deploy/gunicorn.conf.py on a free loopback port and wait (up to a
    minute) until /healthz answers; its log goes to work/gunicorn.log."""
    port = free_port()
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "lms.wsgi:application", "--config", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=open(work / "gunicorn.log", "w"),  # noqa: SIM115 — closed with the process
    )
    try:
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
    except BaseException:
        server.kill()
        server.wait()
        raise
    return server, port
