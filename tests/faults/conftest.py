"""Fixtures of the fault tests: a private PostgreSQL cluster per test session (per xdist worker),
migrated once into a template database; each test gets a fresh database copied from it and the
child processes it starts are stopped at its end, the cluster at the session's end. A test that
asks for `read_replica` also gets a streaming standby of the cluster as its read replica."""

import fcntl
import hashlib
import importlib.metadata
import json
import os
import pwd
import secrets
import shutil
import string
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.conftest import POSTGRES
from tests.faults.cluster import PY, ROOT, SETTINGS, PrivatePostgres, PrivateStandby, Processes, postgres_bindir

TEMPLATE_DB = "lms_faults_template"


def process_env(database_url: str, media_root: Path) -> dict:
    """The environment of every child process: production-style variables, none of the test
    run's own (DATABASE_URL, LMS_TEST_*, DJANGO_SETTINGS_MODULE) leaking through."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "LMS_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        PYTHONPATH=str(ROOT),
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY="".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(60)),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_CONN_MAX_AGE="60",
        DJANGO_MEDIA_ROOT=str(media_root),
        DJANGO_STATIC_ROOT=str(media_root / "static"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def migrations_key() -> str:
    """Changes whenever what `migrate` would build changes: the project's migration files and
    the versions of every installed distribution (third-party migrations ship with them)."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()):
        digest.update(dist.encode())
    return digest.hexdigest()[:16]


def migrated_template(cluster: PrivatePostgres) -> None:
    """Create TEMPLATE_DB with every migration applied. `migrate` takes half a minute, so its
    result is kept as a pg_dump in var/faults-cache, keyed by migrations_key(); a file lock
    makes parallel workers (xdist) wait for the one that builds it rather than all migrate."""
    url = cluster.create_database(TEMPLATE_DB)
    cache = ROOT / "var" / "faults-cache"
    cache.mkdir(parents=True, exist_ok=True)
    dump = cache / f"schema-{migrations_key()}.dump"
    with open(cache / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if dump.exists():
            restored = subprocess.run(
                [str(cluster.bindir / "pg_restore"), "--no-owner", "--exit-on-error", "-d", url, str(dump)],
                capture_output=True,
                text=True,
                timeout=120,
            )
            if restored.returncode == 0:
                return
            dump.unlink()  # unreadable: build it again below, in a clean database
            with psycopg.connect(f"{cluster.url}/postgres", autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'DROP DATABASE "{TEMPLATE_DB}"')
            url = cluster.create_database(TEMPLATE_DB)
        media = Path(tempfile.mkdtemp(prefix="lms-faults-migrate-"))
        done = subprocess.run(
            [PY, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=process_env(url, media),
            capture_output=True,
            text=True,
            timeout=240,
        )
        shutil.rmtree(media, ignore_errors=True)
        assert done.returncode == 0, f"migrate on the private cluster failed:\n{done.stdout}\n{done.stderr}"
        partial = dump.with_suffix(f".{os.getpid()}.partial")
        subprocess.run(
            [str(cluster.bindir / "pg_dump"), "-Fc", "--no-owner", "-f", str(partial), url],
            check=True,
            capture_output=True,
            timeout=120,
        )
        partial.rename(dump)
        for stale in cache.glob("schema-*.dump"):
            if stale != dump:
                stale.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def private_postgres():
    if not POSTGRES:
        pytest.skip("needs PostgreSQL: set DATABASE_URL and LMS_TEST_POSTGRES=1")
    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL server binaries (initdb, postgres, pg_ctl, pg_dump, pg_restore) not found: pg_config --bindir or "
            "/usr/lib/postgresql/*/bin"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root without a `postgres` user: PostgreSQL refuses to run as root")
        if not shutil.which("runuser"):
            pytest.skip("running as root and runuser is missing: PostgreSQL refuses to run as root")
    cluster = PrivatePostgres(bindir)
    try:
        cluster.init()
        cluster.start()
        migrated_template(cluster)
        yield cluster
    finally:
        cluster.destroy()


@dataclass
class FaultSite:
    """One test's database in the private cluster and the processes started against it."""

    cluster: PrivatePostgres
    database_url: str
    workdir: Path
    processes: Processes

    def world(self, *args: str, timeout: float = 120) -> dict:
        """Run a tests/faults/world.py command against this database; its JSON answer."""
        done = subprocess.run(
            [PY, "-m", "tests.faults.world", *args],
            cwd=ROOT,
            env=self.processes.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"world {args} failed:\n{done.stdout}\n{done.stderr}"
        return json.loads(done.stdout.strip().splitlines()[-1])

    def state(self) -> dict:
        """What the database holds, read with SQL: attempts (with the skills evidence their
        grading left, one per graded attempt), answers, certificates and task results."""
        media = Path(self.processes.env["DJANGO_MEDIA_ROOT"])
        with psycopg.connect(self.database_url, connect_timeout=5) as conn:
            evidence = dict(
                conn.execute(
                    "SELECT source_id, count(*) FROM skills_evidence WHERE source_type = 'quizzes.QuizAttempt' "
                    "GROUP BY source_id"
                ).fetchall()
            )
            attempts = {
                str(pk): {
                    "status": status,
                    "graded_at": graded_at,
                    "score": score,
                    "evidence": evidence.get(str(pk), 0),
                }
                for pk, status, graded_at, score in conn.execute(
                    "SELECT id, status, graded_at, score FROM quizzes_quizattempt"
                )
            }
            answers: dict[str, dict] = {}
            for attempt_id, question_id, response, version, score in conn.execute(
                "SELECT attempt_id, question_id, response, version, score FROM quizzes_attemptanswer ORDER BY id"
            ):
                answers.setdefault(str(attempt_id), {})[str(question_id)] = {
                    "response": response,
                    "version": version,
                    "score": score,
                }
            certificates = [
                {
                    "pk": pk,
                    "user": user_id,
                    "key": key,
                    "cycle": cycle,
                    "status": status,
                    "file": file,
                    "file_exists": bool(file) and (media / file).is_file(),
                    "render_attempts": render_attempts,
                }
                for pk, user_id, key, cycle, status, file, render_attempts in conn.execute(
                    "SELECT id, user_id, achievement_key, cycle, status, file, render_attempts "
                    "FROM certificates_certificate ORDER BY id"
                )
            ]
            tasks = {
                f"{path.rsplit('.', 1)[-1]}:{status}": n
                for path, status, n in conn.execute(
                    "SELECT task_path, status, count(*) FROM django_tasks_database_dbtaskresult "
                    "GROUP BY task_path, status ORDER BY task_path, status"
                )
            }
        return {"attempts": attempts, "answers": answers, "certificates": certificates, "tasks": tasks}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"faults_{report.when}", report)


def logs_tail(site: "FaultSite", lines: int = 40) -> str:
    """The end of every process's log, for a failed test's report (the directory goes away)."""
    logs = [*sorted(site.workdir.glob("*.log")), site.cluster.log]
    parts = []
    for log in logs:
        if log.exists():
            text = log.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {log.name} (last {len(text)} lines)\n" + "\n".join(text))
    return "\n".join(parts)


@pytest.fixture
def fault_site(private_postgres, request):
    name = f"lms_faults_{uuid.uuid4().hex[:10]}"
    if not private_postgres.running():  # a test that crashed it failed before starting it again
        private_postgres.start()
    with psycopg.connect(f"{private_postgres.url}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"')
    workdir = Path(tempfile.mkdtemp(prefix="lms-faults-"))
    (workdir / "media" / "static").mkdir(parents=True)  # whitenoise warns about a missing STATIC_ROOT
    url = f"{private_postgres.url}/{name}"
    processes = Processes(process_env(url, workdir / "media"), workdir)
    site = FaultSite(cluster=private_postgres, database_url=url, workdir=workdir, processes=processes)
    try:
        yield site
    finally:
        processes.stop_all()
        report = getattr(request.node, "faults_call", None)
        if report is not None and report.failed:
            report.sections.append(("fault test process logs", logs_tail(site)))
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def read_replica(fault_site, request):
    """A hot standby of the private cluster, streaming from it, set as the read replica
    (DATABASE_REPLICA_URL, the test's database on the standby) of every child process the test
    starts from now on; destroyed at the test's end."""
    if not (fault_site.cluster.bindir / "pg_basebackup").exists():
        pytest.skip(f"pg_basebackup not found in {fault_site.cluster.bindir}")
    standby = PrivateStandby(fault_site.cluster)
    try:
        standby.init()
        standby.start()
        standby.caught_up()
        database = fault_site.database_url.rsplit("/", 1)[1]
        fault_site.processes.env["DATABASE_REPLICA_URL"] = f"{standby.url}/{database}"
        yield standby
    finally:
        report = getattr(request.node, "faults_call", None)
        if report is not None and report.failed and standby.log.exists():
            tail = standby.log.read_text(errors="replace").splitlines()[-40:]
            report.sections.append(("read replica log", "\n".join(tail)))
        standby.destroy()
