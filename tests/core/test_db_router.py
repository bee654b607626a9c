"""Read-replica routing: reads go to the replica only inside reporting() and only when a replica is
configured; writes and every other read stay on the primary."""

import warnings

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, transaction
from django.test import override_settings

from core import db_router
from core.db_router import REPLICA, REPLICA_DOWN, REPLICA_RETRY_SECONDS, ReportingRouter, reporting
from org.models import Site, StaffProfile


@pytest.fixture
def replica_connects(monkeypatch):
    """Connection attempts to the replica, each succeeding unless `fail` is set."""
    attempts = {"count": 0, "fail": False}

    def connect():
        attempts["count"] += 1
        if attempts["fail"]:
            raise OperationalError('connection to server at "replica.internal" failed: timeout expired')

    monkeypatch.setattr(db_router, "replica_connect", connect)
    return attempts


@pytest.fixture
def with_replica(replica_connects):
    """A `replica` alias pointing at the test database, as a mirror (no second test database)."""
    databases = {**settings.DATABASES, REPLICA: {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Overriding setting DATABASES can lead to unexpected behavior"
        with override_settings(DATABASES=databases):
            yield


def test_reads_inside_reporting_go_to_the_replica(with_replica):
    router = ReportingRouter()
    with reporting():
        assert router.db_for_read(StaffProfile) == "replica"
        assert StaffProfile.objects.all().db == "replica"  # through settings.DATABASE_ROUTERS


def test_reads_outside_reporting_stay_on_the_primary(with_replica):
    router = ReportingRouter()
    assert router.db_for_read(StaffProfile) == "default"
    with reporting():
        pass
    assert router.db_for_read(StaffProfile) == "default"
    assert StaffProfile.objects.all().db == "default"


def test_writes_stay_on_the_primary_even_inside_reporting(with_replica):
    router = ReportingRouter()
    with reporting():
        assert router.db_for_write(Site) == "default"
    assert router.db_for_write(Site) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_on_the_primary_stay_there(with_replica):
    """A report never misses what its own transaction wrote."""
    with transaction.atomic(), reporting():
        assert ReportingRouter().db_for_read(StaffProfile) == "default"


def test_without_a_replica_reporting_changes_nothing():
    assert REPLICA not in settings.DATABASES
    with reporting():
        assert ReportingRouter().db_for_read(StaffProfile) == "default"
        assert StaffProfile.objects.all().db == "default"


def test_the_replica_is_never_migrated():
    router = ReportingRouter()
    assert router.allow_migrate("replica", "skills") is False
    assert router.allow_migrate("default", "skills") is None


def test_rows_from_either_database_may_be_related():
    a, b = StaffProfile(), Site()
    a._state.db, b._state.db = "replica", "default"
    assert ReportingRouter().allow_relation(a, b) is True


def test_reporting_is_reset_after_an_error(with_replica):
    with pytest.raises(RuntimeError), reporting():
        raise RuntimeError
    assert ReportingRouter().db_for_read(StaffProfile) == "default"


def test_the_replica_is_connected_to_once_per_report(with_replica, replica_connects):
    router = ReportingRouter()
    with reporting():
        assert [router.db_for_read(StaffProfile) for _ in range(3)] == ["replica"] * 3
    assert replica_connects["count"] == 1


def test_an_unreachable_replica_sends_the_report_to_the_primary(with_replica, replica_connects, caplog):
    replica_connects["fail"] = True
    router = ReportingRouter()
    with reporting():
        assert router.db_for_read(StaffProfile) == "default"
        assert StaffProfile.objects.all().db == "default"
    assert replica_connects["count"] == 1  # once for the block, not once per read
    assert "read replica unreachable" in caplog.text


def test_a_replica_found_down_is_not_tried_again_until_the_retry(with_replica, replica_connects, monkeypatch):
    """Every process reads the mark in the shared cache: an unreachable host costs one connect
    timeout per REPLICA_RETRY_SECONDS, not one per page."""
    replica_connects["fail"] = True
    timeouts = []
    real_set = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, value, timeout=None: (timeouts.append((key, timeout)), real_set(key, value, timeout))
    )
    with reporting():
        ReportingRouter().db_for_read(StaffProfile)
    assert timeouts == [(REPLICA_DOWN, REPLICA_RETRY_SECONDS)]
    replica_connects["fail"] = False
    with reporting():
        assert ReportingRouter().db_for_read(StaffProfile) == "default"
    assert replica_connects["count"] == 1
    cache.delete(REPLICA_DOWN)  # the retry time has passed
    with reporting():
        assert ReportingRouter().db_for_read(StaffProfile) == "replica"
    assert replica_connects["count"] == 2
