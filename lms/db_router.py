"""Read-replica routing for reports.

Reads go to the replica (the `replica` alias, set when DATABASE_REPLICA_URL is given) only inside
an explicit `reporting()` block; every write and every other read stays on `default`. A streaming
replica lags the primary by a moment, so only reads that may be slightly stale belong in such a
block: the managers' dashboard and its Excel exports – never anything that must read its own
writes (answers, submits, certificates, imports). Reads made inside a transaction on the primary
stay there too, so a report never misses what its own transaction just wrote. Without a replica,
`reporting()` changes nothing."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reporting: ContextVar[bool] = ContextVar("lms_reporting", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reporting() -> Iterator[None]:
    """Within this block reads may be served by the read replica (and may lag slightly)."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


class ReportingRouter:
    """settings.DATABASE_ROUTERS: the replica for reads inside `reporting()`, else `default`."""

    def db_for_read(self, model, **hints) -> str:
        if _reporting.get() and replica_configured() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

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
