"""Runs: start and resume, scoring, transcript, back, finishing and course completion."""

import datetime as dt

import pytest
import time_machine

from courses.models import CourseEnrolment, StepCompletion, StepTime
from scenarios import engine
from scenarios.events import ScenarioRunFinished
from scenarios.models import EventKind, RunStatus, ScenarioPage
from scenarios.services import (
    BackNotAllowed,
    RunNotActive,
    scenario_run_back,
    scenario_run_choose,
    scenario_run_start,
)

pytestmark = pytest.mark.django_db


def test_start_then_start_again_resumes_the_same_run(scenario, trainee):
    run = scenario_run_start(user=trainee, page=scenario)
    assert run.node == "start" and run.attempt == 1
    assert scenario_run_start(user=trainee, page=scenario).pk == run.pk


def test_restart_abandons_the_run_in_progress(scenario, trainee):
    first = scenario_run_start(user=trainee, page=scenario)
    second = scenario_run_start(user=trainee, page=scenario, restart=True)
    first.refresh_from_db()
    assert first.status == RunStatus.ABANDONED and second.attempt == 2


def test_choices_move_scores_and_are_recorded_with_their_time(scenario, trainee):
    run = scenario_run_start(user=trainee, page=scenario)
    result = scenario_run_choose(run=run, choice_key="listen")
    run = result.run
    assert run.node == "calm" and run.scores == {"listen": 2, "empathize": 1} and run.flags == ["noted"]
    event = run.events.get()
    assert (event.kind, event.node, event.choice, event.choice_text) == (
        "choice",
        "start",
        "listen",
        "请您慢慢说，我记录一下。",
    )
    assert event.at is not None and event.scores_after == {"listen": 2, "empathize": 1}


def test_a_hidden_choice_is_refused_and_changes_nothing(scenario, trainee):
    run = scenario_run_start(user=trainee, page=scenario)
    run = scenario_run_choose(run=run, choice_key="argue").run
    with pytest.raises(engine.ChoiceNotAvailable):
        scenario_run_choose(run=run, choice_key="bonus")
    run.refresh_from_db()
    assert run.node == "angry" and run.events.count() == 1


def test_reaching_a_passing_end_completes_the_course_step_and_runs_the_hook(scenario, trainee, settings):
    calls = []
    settings.LMS_EVENT_LISTENERS = {
        **settings.LMS_EVENT_LISTENERS,
        "scenarios.events.ScenarioRunFinished": ["tests.scenarios.services.test_scenario_run.record_hook"],
    }
    record_hook.calls = calls
    run = scenario_run_start(user=trainee, page=scenario)
    run = scenario_run_choose(run=run, choice_key="listen").run
    run = scenario_run_choose(run=run, choice_key="bonus").run
    assert run.status == RunStatus.FINISHED and run.outcome == "success" and run.passed and run.total == 5
    completion = StepCompletion.objects.get(user=trainee, step_id=scenario.pk)
    assert completion.source == "scenario" and completion.score == 5
    assert CourseEnrolment.objects.get(user=trainee).completed_at is not None
    assert calls == [run.pk]
    with pytest.raises(RunNotActive):
        scenario_run_choose(run=run, choice_key="listen")


def record_hook(event: ScenarioRunFinished) -> None:
    record_hook.calls.append(event.run_id)


def test_a_failed_run_does_not_complete_the_step(scenario, trainee):
    run = scenario_run_start(user=trainee, page=scenario)
    run = scenario_run_choose(run=run, choice_key="argue").run
    run = scenario_run_choose(run=run, choice_key="sorry").run
    assert run.outcome == "fail" and run.passed is False
    assert not StepCompletion.objects.filter(user=trainee).exists()


def test_back_undoes_the_last_choice_and_keeps_it_in_the_transcript(scenario, trainee):
    run = scenario_run_start(user=trainee, page=scenario)
    run = scenario_run_choose(run=run, choice_key="argue").run
    run = scenario_run_back(run=run)
    assert run.node == "start" and run.scores == {"listen": 0, "empathize": 0} and run.path == []
    kinds = list(run.events.values_list("kind", "undone"))
    assert kinds == [(EventKind.CHOICE, True), (EventKind.BACK, False)]


def test_back_is_refused_when_the_scenario_does_not_allow_it(catalog, trainee):
    from tests.factories.scenarios import ScenarioPageFactory, small_graph

    graph = small_graph()
    graph["allow_back"] = False
    page = ScenarioPageFactory(graph=graph)
    run = scenario_run_start(user=trainee, page=page)
    run = scenario_run_choose(run=run, choice_key="argue").run
    with pytest.raises(BackNotAllowed):
        scenario_run_back(run=run)


def test_editing_the_page_does_not_change_a_run_in_progress(scenario, trainee):
    run = scenario_run_start(user=trainee, page=scenario)
    scenario.nodes[0].value["text"] = "改过的开场"
    scenario.save()
    run = scenario_run_choose(run=run, choice_key="listen").run
    assert run.version.graph["nodes"][0]["text"] == "电梯又坏了！"
    new_run = scenario_run_start(user=trainee, page=ScenarioPage.objects.get(pk=scenario.pk), restart=True)
    assert new_run.version_id != run.version_id


def record_finished(event: ScenarioRunFinished) -> None:
    record_finished.events.append(event)


def test_a_score_below_zero_is_zero_percent_never_negative(scenario, trainee, settings):
    settings.LMS_EVENT_LISTENERS = {
        **settings.LMS_EVENT_LISTENERS,
        "scenarios.events.ScenarioRunFinished": ["tests.scenarios.services.test_scenario_run.record_finished"],
    }
    record_finished.events = []
    run = scenario_run_start(user=trainee, page=scenario)
    run = scenario_run_choose(run=run, choice_key="argue").run  # 倾听 −1, 共情 −2
    scenario_run_choose(run=run, choice_key="sorry")
    [event] = record_finished.events
    assert event.competency_scores["listen"] == -1
    assert event.competency_percents["listen"] == 0
    assert all(0 <= percent <= 100 for percent in event.competency_percents.values())


def test_a_finished_run_records_its_time_as_scenario_time(scenario, trainee):
    t0 = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False) as clock:
        run = scenario_run_start(user=trainee, page=scenario)
        clock.move_to(t0 + dt.timedelta(seconds=80))  # the first node has no time limit
        run = scenario_run_choose(run=run, choice_key="listen").run
        clock.move_to(t0 + dt.timedelta(seconds=95))  # within the timed node's 30 seconds
        run = scenario_run_choose(run=run, choice_key="bonus").run
    row = StepTime.objects.get(user=trainee, step_id=scenario.pk)
    assert (row.kind, row.seconds) == ("scenario", 95)
