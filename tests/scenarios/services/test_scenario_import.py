"""JSON export and import: the round trip is exact, a bad file saves nothing, text is sanitised."""

import json

import pytest
from django.core.exceptions import ValidationError

from scenarios.models import ScenarioPage
from scenarios.schema import SchemaError
from scenarios.selectors import scenario_export
from scenarios.services import InvalidScenario, scenario_import
from tests.factories.courses import CoursePageFactory

pytestmark = pytest.mark.django_db


def _strip(doc):
    return {k: v for k, v in doc.items() if k != "slug"}


def test_export_then_import_gives_an_identical_scenario(scenario, trainee):
    exported = scenario_export(page=scenario)
    other_course = CoursePageFactory()
    text = json.dumps(exported, ensure_ascii=False)
    imported = scenario_import(data=json.loads(text), user=None, parent=other_course)
    again = scenario_export(page=ScenarioPage.objects.get(pk=imported.pk).get_latest_revision_as_object())
    assert again == exported
    assert imported.live is False and imported.get_parent().pk == other_course.pk


def test_import_into_an_existing_page_makes_a_draft_revision(scenario):
    doc = scenario_export(page=scenario)
    doc["nodes"][0]["text"] = "新的开场白"
    scenario_import(data=doc, user=None, page=scenario)
    stored = ScenarioPage.objects.get(pk=scenario.pk)
    assert stored.has_unpublished_changes
    assert stored.nodes.raw_data[0]["value"]["text"] == "电梯又坏了！"  # live content unchanged
    draft = stored.get_latest_revision_as_object()
    assert scenario_export(page=draft)["nodes"][0]["text"] == "新的开场白"


def test_imported_text_is_sanitised(scenario):
    doc = scenario_export(page=scenario)
    doc["title"] = "<b>标题</b><script>alert(1)</script>"
    doc["nodes"][0]["text"] = '业主说<img src=x onerror="alert(1)">电梯坏了'
    doc["nodes"][0]["choices"][0]["feedback"] = "<a href='javascript:alert(1)'>好</a>"
    page = scenario_import(data=doc, user=None, parent=scenario.get_parent())
    exported = scenario_export(page=page)
    assert exported["title"] == "标题"
    assert exported["nodes"][0]["text"] == "业主说电梯坏了"
    assert exported["nodes"][0]["choices"][0]["feedback"] == "好"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "format"),
        (lambda d: d.update(version=2), "version 2 is not supported"),
        (lambda d: d["nodes"][0].pop("key"), "nodes[0].key"),
        (lambda d: d["nodes"][1].update(kind="monologue"), "nodes[1].kind"),
        (lambda d: d["nodes"][0]["choices"][0].update(scores={"listen": "lots"}), "nodes[0].choices[0].scores"),
        (lambda d: d.update(surprise=True), "surprise"),
    ],
)
def test_a_file_that_breaks_the_schema_is_refused_and_nothing_is_saved(scenario, change, message):
    doc = scenario_export(page=scenario)
    change(doc)
    before = ScenarioPage.objects.count()
    with pytest.raises(SchemaError) as exc:
        scenario_import(data=doc, user=None, parent=scenario.get_parent())
    assert message in str(exc.value)
    assert ScenarioPage.objects.count() == before


def test_a_file_with_an_invalid_graph_is_refused_naming_the_node(scenario):
    doc = scenario_export(page=scenario)
    doc["nodes"][0]["choices"][0]["target"] = "nowhere"
    before = ScenarioPage.objects.count()
    with pytest.raises(InvalidScenario) as exc:
        scenario_import(data=doc, user=None, parent=scenario.get_parent())
    assert any("nowhere" in e and "start" in e for e in exc.value.errors)
    assert ScenarioPage.objects.count() == before


def test_saving_a_page_with_an_invalid_graph_is_refused(scenario):
    scenario.nodes[0].value["choices"][0]["target"] = "nowhere"
    with pytest.raises(ValidationError) as exc:
        scenario.full_clean()
    assert "nowhere" in str(exc.value)
