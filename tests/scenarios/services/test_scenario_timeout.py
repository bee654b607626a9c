"""Timed steps are timed by the server: a late choice takes the timeout branch."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from scenarios.models import EventKind
from scenarios.services import (
    scenario_run_choose,
    scenario_run_start,
    scenario_run_timeout,
    scenario_runs_expire_due,
)
from scenarios.tasks import scenario_runs_expire

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


def _at_timed_node(scenario, user):
    with time_machine.travel(T0, tick=False):
        run = scenario_run_start(user=user, page=scenario)
        return scenario_run_choose(run=run, choice_key="listen").run


def test_the_deadline_is_set_by_the_server_when_the_timed_node_is_shown(scenario, trainee):
    run = _at_timed_node(scenario, trainee)
    assert run.node == "calm" and run.deadline_at == T0 + dt.timedelta(seconds=30)


def test_a_choice_in_time_is_taken(scenario, trainee):
    run = _at_timed_node(scenario, trainee)
    with time_machine.travel(T0 + dt.timedelta(seconds=29), tick=False):
        result = scenario_run_choose(run=run, choice_key="promise")
    assert not result.timed_out and result.run.outcome == "success"


def test_a_choice_after_the_deadline_takes_the_timeout_branch(scenario, trainee):
    run = _at_timed_node(scenario, trainee)
    with time_machine.travel(T0 + dt.timedelta(seconds=32), tick=False):
        result = scenario_run_choose(run=run, choice_key="promise")
    assert result.timed_out and result.choice is None
    assert result.run.node == "angry" and result.run.status == "active"
    timeout_event = result.run.events.get(kind=EventKind.TIMEOUT)
    assert timeout_event.node == "calm" and timeout_event.at == T0 + dt.timedelta(seconds=30)
    assert timeout_event.elapsed_ms == 30_000


def test_the_countdown_cannot_end_a_step_early(scenario, trainee):
    run = _at_timed_node(scenario, trainee)
    with time_machine.travel(T0 + dt.timedelta(seconds=10), tick=False):
        run = scenario_run_timeout(run=run)
    assert run.node == "calm"


def test_resuming_after_the_deadline_applies_the_timeout(scenario, trainee):
    _at_timed_node(scenario, trainee)
    with time_machine.travel(T0 + dt.timedelta(minutes=5), tick=False):
        run = scenario_run_start(user=trainee, page=scenario)
    assert run.node == "angry" and run.attempt == 1


def test_the_periodic_task_expires_abandoned_timed_steps_once(scenario, trainee):
    run = _at_timed_node(scenario, trainee)
    with time_machine.travel(T0 + dt.timedelta(minutes=5), tick=False):
        scenario_runs_expire.enqueue()
        assert scenario_runs_expire_due(now=timezone.now()) == 0
    run.refresh_from_db()
    assert run.node == "angry" and run.deadline_at is None
    assert run.events.filter(kind=EventKind.TIMEOUT).count() == 1
