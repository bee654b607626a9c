"""Fixtures of the fault tests: a private PostgreSQL cluster per test session (per xdist worker),
migrated once into a template database; each test gets a fresh database copied from it and the
child processes it starts are stopped at its end, the cluster at the session's end."""

import json
import os
import secrets
import shutil
import string
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import POSTGRES
from tests.faults.cluster import PY, ROOT, SETTINGS, PrivatePostgres, Processes, postgres_bindir

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


@pytest.fixture(scope="session")
def private_postgres():
    if not POSTGRES:
        pytest.skip("needs PostgreSQL: set DATABASE_URL and LMS_TEST_POSTGRES=1")
    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL server binaries (initdb, postgres, pg_ctl) not found: pg_config --bindir or /usr/lib/postgresql/*/bin"
        )
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root and runuser is missing: PostgreSQL cannot be started as root")
    cluster = PrivatePostgres(bindir)
    try:
        cluster.init()
        cluster.start()
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


@pytest.fixture
def fault_site(private_postgres):
    name = f"lms_faults_{uuid.uuid4().hex[:10]}"
    import psycopg

    with psycopg.connect(f"{private_postgres.url}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"')
    workdir = Path(tempfile.mkdtemp(prefix="lms-faults-"))
    url = f"{private_postgres.url}/{name}"
    processes = Processes(process_env(url, workdir / "media"), workdir)
    site = FaultSite(cluster=private_postgres, database_url=url, workdir=workdir, processes=processes)
    try:
        yield site
    finally:
        processes.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)
