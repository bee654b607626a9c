"""The demo scenarios are valid, winnable, and built once however often the demo runs."""

import pytest

from scenarios import engine
from scenarios.demo import build
from scenarios.demo.content import SCENARIOS
from scenarios.models import ScenarioPage
from scenarios.schema import scenario_file_parse
from tests.factories.courses import CoursePageFactory


@pytest.mark.parametrize(("course", "document"), SCENARIOS, ids=[d["slug"] for _, d in SCENARIOS])
def test_each_demo_scenario_is_valid_and_its_best_path_passes(course, document):
    parsed = scenario_file_parse(document)
    graph = engine.graph_from_dict(parsed)
    assert engine.validate(graph) == []
    state = engine.replay(graph, engine.best_path(graph))
    result = engine.evaluate(graph, state)
    assert result.outcome == "success" and result.passed, (document["slug"], result)


def test_there_are_six_scenarios_one_of_them_timed():
    assert len(SCENARIOS) >= 6
    assert any(n.get("time_limit") for _, d in SCENARIOS for n in d["nodes"])


@pytest.mark.django_db
def test_build_is_idempotent_and_skips_missing_courses(catalog):
    CoursePageFactory(slug="complaints")
    CoursePageFactory(slug="emergency")
    build()
    build()
    assert ScenarioPage.objects.count() == 5  # the law course is missing
    assert ScenarioPage.objects.live().count() == 5
