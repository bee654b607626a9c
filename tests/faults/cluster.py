"""The real processes the fault tests break: a private PostgreSQL cluster, gunicorn and the task
worker, each started as the deployment starts it and stopped (or killed) by the test.

The cluster is the tests' own (initdb into a temporary directory, a free loopback port, its socket
in that directory): the shared server on 5432 is never touched, so restarting this one harms
nobody. PostgreSQL refuses to run as root; as root the cluster runs as the `postgres` user."""

import contextlib
import glob
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")
SETTINGS = "tests.faults.settings"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bindir() -> Path | None:
    """Where initdb, postgres, pg_ctl, pg_dump and pg_restore live: pg_config's bindir, else Debian's versioned dirs."""
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True)
            candidates.append(Path(out.stdout.strip()))
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for bindir in candidates:
        if all((bindir / name).exists() for name in ("initdb", "postgres", "pg_ctl", "pg_dump", "pg_restore")):
            return bindir
    return None


def wait_until(predicate, *, timeout: float, interval: float = 0.05, what: str = "condition"):
    """Poll `predicate` until it returns a truthy value; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not reached within {timeout:.0f} s")
        time.sleep(interval)


class PrivatePostgres:
    """A throwaway PostgreSQL cluster. fsync is off for speed (a killed server process does not
    lose the operating system's page cache, so crash recovery still sees every commit);
    synchronous_commit stays on, so an acknowledged commit is in the WAL before the client hears
    of it, as in production."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.as_postgres = os.geteuid() == 0
        self.dir = Path(tempfile.mkdtemp(prefix="lms-faults-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}"
        if self.as_postgres:
            shutil.chown(self.dir, user="postgres", group="postgres")

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True, cwd=self.dir)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale")
        options = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.dir}'",
            "fsync": "off",
            "full_page_writes": "off",
            "max_connections": "60",
            "shared_buffers": "32MB",
        }
        with open(self.data / "postgresql.auto.conf", "a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in options.items())

    def start(self) -> None:
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30", timeout=40)

    def stop(self, mode: str = "fast") -> None:
        """`immediate` is a crash: every server process quits at once, the next start recovers
        from the WAL."""
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w", "-t", "30", timeout=40)

    def running(self) -> bool:
        command = [str(self.bindir / "pg_ctl"), "status", "-D", str(self.data)]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, timeout=10).returncode == 0

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"{self.url}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{self.url}/{name}"

    def destroy(self) -> None:
        with contextlib.suppress(Exception):
            if self.running():
                self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateStandby(PrivatePostgres):
    """A hot standby of a PrivatePostgres streaming its WAL, as production's read replica does
    (DATABASE_REPLICA_URL): read-only, and behind the primary by whatever it has not replayed yet.
    Its data directory is a pg_basebackup of the primary with the standby's own port and socket
    directory; the primary's defaults (wal_level replica, ten WAL senders, initdb's trusted
    `replication` lines for loopback in pg_hba.conf) already allow it. The test holds it behind
    with replay_pause() and lets it catch up with replay_resume() and caught_up()."""

    def __init__(self, primary: PrivatePostgres):
        super().__init__(primary.bindir)
        self.primary = primary

    def init(self) -> None:
        # fast: a checkpoint at once rather than spread over minutes; no-sync: fsync is off anyway.
        self._run_explained(
            "pg_basebackup",
            *("-D", str(self.data), "-R", "-X", "stream", "-c", "fast", "--no-sync"),
            *("-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres"),
            timeout=120,
        )
        # The copy carries the primary's postgresql.auto.conf; the later lines win.
        options = {"port": str(self.port), "unix_socket_directories": f"'{self.dir}'", "hot_standby": "on"}
        with open(self.data / "postgresql.auto.conf", "a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in options.items())

    def _run_explained(self, *args: str, timeout: float) -> subprocess.CompletedProcess:
        try:
            return self._run(*args, timeout=timeout)
        except subprocess.CalledProcessError as error:
            raise RuntimeError(f"{args[0]} failed ({error.returncode}):\n{error.stderr}") from error

    def start(self) -> None:
        """pg_ctl -w returns once the standby takes read-only connections."""
        super().start()
        assert self._query("SELECT pg_is_in_recovery()") is True, "the standby came up as a primary"

    def _query(self, sql: str, *params):
        import psycopg

        with psycopg.connect(f"{self.url}/postgres", autocommit=True, connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchone()[0]

    def replay_pause(self) -> None:
        """Stop applying WAL: the standby keeps receiving it but shows nothing newer than now.
        Once asked, no further record is applied (the startup process checks before each one)."""
        self._query("SELECT pg_wal_replay_pause()")
        assert self._query("SELECT pg_get_wal_replay_pause_state()") != "not paused"

    def replay_resume(self) -> None:
        self._query("SELECT pg_wal_replay_resume()")

    def caught_up(self, *, timeout: float = 30) -> None:
        """Wait until the standby has replayed everything the primary had written when called."""
        import psycopg

        with psycopg.connect(f"{self.primary.url}/postgres", autocommit=True, connect_timeout=5) as conn:
            lsn = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]
        wait_until(
            lambda: self._query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", lsn),
            timeout=timeout,
            what=f"the standby replaying up to {lsn}",
        )


class Processes:
    """Child processes of one test module (gunicorn, db_worker), each in its own process group
    so a kill reaches its workers too; whatever is still running at teardown is killed."""

    def __init__(self, env: dict, logdir: Path):
        self.env = env
        self.logdir = logdir
        self.children: list[subprocess.Popen] = []

    def spawn(self, name: str, command: list[str], extra_env: dict | None = None) -> subprocess.Popen:
        log = open(self.logdir / f"{name}.log", "ab")  # noqa: SIM115 - owned by the process record
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, **(extra_env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()  # the child holds its own descriptor
        self.children.append(process)
        return process

    def manage(self, *args: str, timeout: float = 120, extra_env: dict | None = None) -> str:
        done = subprocess.run(
            [PY, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(extra_env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def gunicorn(self, *, workers: int = 2, threads: int = 4, extra_env: dict | None = None) -> tuple:
        """gunicorn with the deployment's config file on a free loopback port; returns once
        /healthz answers."""
        port = free_port()
        process = self.spawn(
            "gunicorn",
            [GUNICORN, "lms.wsgi:application", "--config", "deploy/gunicorn.conf.py"],
            extra_env={
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": str(workers),
                "GUNICORN_THREADS": str(threads),
                "GUNICORN_LOG_LEVEL": "warning",
                **(extra_env or {}),
            },
        )

        def healthy() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}; see {self.logdir}/gunicorn.log")
            return http_status(port, "GET", "/healthz", timeout=2) == 200

        wait_until(healthy, timeout=30, interval=0.2, what="gunicorn answering /healthz")
        return process, port

    @staticmethod
    def kill(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)

    @staticmethod
    def signal_pid(pid: int, sig: int) -> None:
        """One process, not its group: a gunicorn worker, whose master stays up."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)

    def stop_all(self) -> None:
        for process in self.children:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)
            # a group's workers can outlive a killed master for a moment: make sure they are gone
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)


def http_status(port: int, method: str, path: str, *, timeout: float) -> int | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request(method, path)
        status = conn.getresponse().status
        conn.close()
        return status
    except (OSError, http.client.HTTPException):
        return None
