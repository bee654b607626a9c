"""Read-replica routing for reports.

Reads go to the replica (the `replica` alias, set when DATABASE_REPLICA_URL is given) only inside
an explicit `reporting()` block; every write and every other read stays on `default`. A streaming
replica lags the primary by a moment, so only reads that may be slightly stale belong in such a
block: the managers' dashboard and its Excel exports – never anything that must read its own
writes (answers, submits, certificates, imports). Reads made inside a transaction on the primary
stay there too, so a report never misses what its own transaction just wrote. Without a replica,
`reporting()` changes nothing.

A replica that cannot be reached does not take the reports down with it: the first read of a
`reporting()` block connects to it, and if that fails the block reads the primary instead, and
so does every process for the next REPLICA_RETRY_SECONDS (a mark in the shared cache), so an
unreachable host costs one connect timeout per half minute, not one per page."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
REPLICA_DOWN = "lms:db:replica-down"
REPLICA_RETRY_SECONDS = 30

# False outside reporting(); inside, None until the first read decides, then whether the
# replica serves this block.
_reporting: ContextVar[bool | None] = ContextVar("lms_reporting", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def in_reporting() -> bool:
    """Whether the code running now is inside a reporting() block."""
    return _reporting.get() is not False


def replica_connect() -> None:
    """Open (or keep) this process's connection to the replica; raises DatabaseError if it
    cannot."""
    connections[REPLICA].ensure_connection()


def replica_usable() -> bool:
    """Whether reports may read the replica now: configured, not marked down by any process in
    the last REPLICA_RETRY_SECONDS, and accepting a connection."""
    if not replica_configured() or cache.get(REPLICA_DOWN):
        return False
    try:
        replica_connect()
    except DatabaseError:
        logger.warning(
            "read replica unreachable: reports read the primary for the next %s s", REPLICA_RETRY_SECONDS, exc_info=True
        )
        cache.set(REPLICA_DOWN, True, REPLICA_RETRY_SECONDS)
        return False
    return True


@contextmanager
def reporting() -> Iterator[None]:
    """Within this block reads may be served by the read replica (and may lag slightly)."""
    token = _reporting.set(None)
    try:
        yield
    finally:
        _reporting.reset(token)


class ReportingRouter:
    """settings.DATABASE_ROUTERS: the replica for reads inside `reporting()`, else `default`."""

    def db_for_read(self, model, **hints) -> str:
        serving = _reporting.get()
        if serving is False or not replica_configured() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if serving is None:  # the block's first read: is the replica there?
            serving = replica_usable()
            _reporting.set(serving)
        return REPLICA if serving else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # A row read from the replica is the same row as on the primary.
        both = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in both and obj2._state.db in both:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        # The replica receives the schema by replication, never by migrate.
        return False if db == REPLICA else None
