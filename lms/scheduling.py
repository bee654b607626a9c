"""Periodic tasks that survive a lost host: a scheduler runs on every host, one of them leads.

The leader is whoever holds a PostgreSQL advisory lock (pg_try_advisory_lock) on a connection of
its own. The lock lives as long as that connection: a leader killed, or whose host is lost, loses
it as soon as the server sees the connection gone (at once for a killed process; within about half
a minute for a vanished host, through the session's TCP keepalives), and the next scheduler to try
(every ELECTION_SECONDS) takes over. On SQLite there is one host: the scheduler leads.

Each periodic task runs once per period, its interval's slot in Unix time, recorded as a
PeriodicTaskRun in the same transaction as the enqueued task: two leaders at once (a partition, an
old leader not yet aware it lost the lock) still enqueue a period once, and a new leader does not
re-run the period its predecessor already enqueued."""

import contextlib
import datetime as dt
import hashlib
import logging
import os
import socket

from django.db import DatabaseError, IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from lms.models import PeriodicTaskRun

logger = logging.getLogger("lms.scheduler")

# How often a scheduler that does not lead tries to take over, and how often the leader checks its
# connection is still alive: takeover within ELECTION_SECONDS of the server releasing the lock.
ELECTION_SECONDS = 5
# One key per installation's database (advisory locks are per database); positive, 63 bits.
LOCK_KEY = int.from_bytes(hashlib.sha256(b"property-service-academy:scheduler").digest()[:8], "big") & (2**63 - 1)
# The leadership connection's TCP keepalives (libpq and server side): a lost host is noticed in
# about IDLE + INTERVAL x COUNT seconds.
KEEPALIVE = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}


def scheduler_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Leadership:
    """The advisory lock on a dedicated connection (never the one the ORM uses, which Django may
    close between requests of work and would silently drop the lock)."""

    def __init__(self, alias: str = "default"):
        self.alias = alias
        self.connection = None
        self.postgres = connections[alias].vendor == "postgresql"

    def _connect(self):
        wrapper = connections.create_connection(self.alias)
        settings_dict = dict(wrapper.settings_dict)
        settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), **KEEPALIVE}
        wrapper.settings_dict = settings_dict
        wrapper.connect()
        with wrapper.cursor() as cursor:
            # The server notices a vanished client by its own keepalives and ends its session,
            # which releases the lock.
            cursor.execute("SET tcp_keepalives_idle = 10")
            cursor.execute("SET tcp_keepalives_interval = 5")
            cursor.execute("SET tcp_keepalives_count = 3")
        return wrapper

    def acquire(self) -> bool:
        """Try to become the leader; never waits."""
        if not self.postgres:
            return True
        try:
            if self.connection is None:
                self.connection = self._connect()
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
                return bool(cursor.fetchone()[0])
        except DatabaseError:
            logger.warning("scheduler: the database cannot be reached to take the lead", exc_info=True)
            self.release()
            return False

    def held(self) -> bool:
        """The leader's check: its connection is alive, and so its lock."""
        if not self.postgres:
            return True
        if self.connection is None:
            return False
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
                    "AND granted AND ((classid::bigint << 32) | objid::bigint) = %s",
                    [LOCK_KEY],
                )
                return cursor.fetchone()[0] > 0
        except DatabaseError:
            logger.warning("scheduler: lost the leadership connection", exc_info=True)
            self.release()
            return False

    def release(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(DatabaseError):
                self.connection.close()
            self.connection = None


def period_start(*, interval: int, now: dt.datetime) -> dt.datetime:
    """The start of the interval's slot containing `now` (slots counted from the Unix epoch)."""
    seconds = int(now.timestamp()) // interval * interval
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def periodic_task_enqueue_once(*, task_path: str, interval: int, now: dt.datetime | None = None) -> str | None:
    """Enqueue `task_path` for the period containing `now` unless some scheduler already did.
    Returns the task result id, or None when the period had run. The run row and the queued task
    are written in one transaction (the task queue is the same database), so neither exists
    without the other."""
    now = now or timezone.now()
    start = period_start(interval=interval, now=now)
    task = import_string(task_path)
    try:
        with transaction.atomic():
            run = PeriodicTaskRun.objects.create(task_path=task_path, period_start=start, scheduler=scheduler_name())
            result = task.enqueue()
            run.task_result_id = str(result.id)[:64]
            run.save(update_fields=["task_result_id"])
    except IntegrityError:
        return None
    return str(result.id)
