"""The scheduler enqueues each periodic task once per period, whoever runs it and how often; on
PostgreSQL one scheduler leads through an advisory lock and another takes over when it goes."""

import datetime as dt
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks.signals import task_enqueued

from lms.models import PeriodicTaskRun
from lms.scheduling import Leadership, period_start, periodic_task_enqueue_once
from tests.conftest import POSTGRES

SWEEP = "notifications.tasks.deliveries_sweep_task"
NOON = dt.datetime(2026, 12, 7, 12, 0, 30, tzinfo=dt.UTC)


@pytest.fixture
def enqueued():
    names = []

    def record(sender, task_result, **kwargs):
        names.append(task_result.task.module_path)

    task_enqueued.connect(record)
    yield names
    task_enqueued.disconnect(record)


def test_a_period_is_the_intervals_slot_in_unix_time():
    assert period_start(interval=60, now=NOON) == dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
    assert period_start(interval=3600, now=NOON + dt.timedelta(minutes=59)) == dt.datetime(
        2026, 12, 7, 12, tzinfo=dt.UTC
    )
    assert period_start(interval=24 * 3600, now=NOON) == dt.datetime(2026, 12, 7, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_a_period_is_enqueued_once_however_often_asked(enqueued):
    assert periodic_task_enqueue_once(task_path=SWEEP, interval=60, now=NOON)
    assert periodic_task_enqueue_once(task_path=SWEEP, interval=60, now=NOON + dt.timedelta(seconds=29)) is None
    assert periodic_task_enqueue_once(task_path=SWEEP, interval=60, now=NOON + dt.timedelta(seconds=30))
    assert enqueued.count(SWEEP) == 2
    assert PeriodicTaskRun.objects.filter(task_path=SWEEP).count() == 2


@pytest.mark.django_db
def test_two_scheduler_runs_in_one_period_enqueue_each_task_once(enqueued, settings):
    settings.LMS_PERIODIC_TASKS = [(SWEEP, 3600), ("org.tasks.roster_imports_expire", 3600)]
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    call_command("scheduler", "--once", stdout=out)
    assert sorted(enqueued) == sorted([SWEEP, "org.tasks.roster_imports_expire"])
    assert out.getvalue().count("enqueued") == 2


@pytest.mark.django_db
def test_sqlite_has_one_host_and_its_scheduler_leads():
    if POSTGRES:
        pytest.skip("SQLite only")
    assert Leadership().acquire() is True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_scheduler_leads_and_another_takes_over_when_it_goes():
    first, second = Leadership(), Leadership()
    try:
        assert first.acquire() is True
        assert first.held() is True
        assert second.acquire() is False
        first.connection.close()  # the leader's connection is gone (a killed process, a lost host)
        first.connection = None
        assert first.held() is False
        # the server ends the closed session (and so releases its lock) a moment later; the
        # scheduler tries every few seconds
        deadline = time.monotonic() + 5
        while not second.acquire() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert second.held() is True
        assert first.acquire() is False
    finally:
        first.release()
        second.release()
