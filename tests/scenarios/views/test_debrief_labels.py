"""The debrief never contradicts itself: an ending that is not a failure but did not pass says
why, and a score without an upper bound is said in words, not as +∞."""

import pytest
from django.urls import reverse

from scenarios.models import ScenarioRun
from tests.factories.scenarios import ScenarioPageFactory, small_graph

pytestmark = pytest.mark.django_db


def _play(client, scenario, user, choices):
    client.force_login(user)
    client.post(reverse("scenarios:start", args=[scenario.pk]))
    run = ScenarioRun.objects.get(user=user, status="active")
    for choice in choices:
        client.post(reverse("scenarios:choose", args=[run.pk]), {"choice": choice})
    run.refresh_from_db()
    return run, client.get(reverse("scenarios:debrief", args=[run.pk])).content.decode()


def test_a_good_ending_below_a_competency_pass_mark_says_why_it_did_not_pass(client, catalog, trainee):
    graph = small_graph()
    graph["competencies"][0]["pass_score"] = 3  # 倾听 reaches 3 on the best path, 2 through "bonus"
    scenario = ScenarioPageFactory(graph=graph)
    run, html = _play(client, scenario, trainee, ["listen", "bonus"])
    assert run.outcome == "success" and run.passed is False
    assert 'id="result-failed"' in html
    assert 'id="not-passed-reasons"' in html
    assert "good ending, but did not pass" in html
    assert "倾听: 2, below its pass mark of 3." in html


def test_a_good_ending_below_the_overall_pass_mark_names_the_total(client, catalog, trainee):
    graph = small_graph()
    graph["pass_total"] = 5  # the best total (through "bonus"); "promise" ends on 4
    scenario = ScenarioPageFactory(graph=graph)
    run, html = _play(client, scenario, trainee, ["listen", "promise"])
    assert run.outcome == "success" and run.passed is False
    assert "Total: 4, below the pass mark of 5." in html


def test_a_passed_run_gives_no_reasons(client, catalog, trainee, scenario):
    run, html = _play(client, scenario, trainee, ["listen", "promise"])
    assert run.passed is True
    assert 'id="result-passed"' in html and 'id="not-passed-reasons"' not in html


def test_a_failed_ending_says_it_ended_in_failure(client, catalog, trainee, scenario):
    run, html = _play(client, scenario, trainee, ["argue", "sorry"])
    assert run.outcome == "fail" and run.passed is False
    assert "The scenario ended in a failure." in html


def test_a_score_a_loop_raises_without_limit_is_not_shown_as_infinity(client, catalog, trainee):
    graph = small_graph()
    calm = next(node for node in graph["nodes"] if node["key"] == "calm")
    calm["choices"].append(
        {"key": "again", "text": "我再问问。", "target": "calm", "feedback": "", "scores": {"listen": 1}}
    )
    scenario = ScenarioPageFactory(graph=graph)
    _run, html = _play(client, scenario, trainee, ["listen", "promise"])
    assert "∞" not in html
    assert "no upper limit" in html
