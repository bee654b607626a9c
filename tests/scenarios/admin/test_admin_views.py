"""Trainer screens in the Wagtail admin: editor panel, diagram, export and import."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scenarios.diagram import graph_dot
from scenarios.graphs import page_graph
from scenarios.models import ScenarioPage
from scenarios.selectors import scenario_export
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def test_the_editor_shows_the_score_range_and_diagram_link(admin_client, scenario):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[scenario.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="scenario-bounds"' in html and reverse("scenarios_diagram", args=[scenario.pk]) in html


def test_the_diagram_is_rendered_by_graphviz_as_svg(admin_client, scenario):
    page = admin_client.get(reverse("scenarios_diagram", args=[scenario.pk]))
    assert page.status_code == 200 and b"scenario-diagram" in page.content
    svg = admin_client.get(reverse("scenarios_diagram_svg", args=[scenario.pk]))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content and "电梯又坏了".encode() in svg.content


def test_diagram_labels_are_escaped(scenario):
    scenario.nodes[0].value["text"] = 'say "hi" } ] -> n9 [label=x]'
    dot = graph_dot(page_graph(scenario))
    assert 'say \\"hi\\" \\} ] -> n9 [label=x]' in dot


def test_export_downloads_the_versioned_json(admin_client, scenario):
    response = admin_client.get(reverse("scenarios_export", args=[scenario.pk]))
    data = json.loads(response.content)
    assert data["format"] == "psa-scenario" and data["version"] == 1
    assert "attachment" in response["Content-Disposition"]


def test_import_of_a_bad_file_shows_the_errors_and_saves_nothing(admin_client, scenario):
    doc = scenario_export(page=scenario)
    doc["nodes"][2]["choices"][0]["target"] = "ghost"
    upload = SimpleUploadedFile("s.json", json.dumps(doc).encode(), content_type="application/json")
    before = ScenarioPage.objects.count()
    response = admin_client.post(reverse("scenarios_import"), {"course": scenario.get_parent().pk, "file": upload})
    assert response.status_code == 200 and b"import-errors" in response.content and b"ghost" in response.content
    assert ScenarioPage.objects.count() == before


def test_import_of_broken_json_is_refused_clearly(admin_client, scenario):
    upload = SimpleUploadedFile("s.json", b"{not json", content_type="application/json")
    response = admin_client.post(reverse("scenarios_import"), {"course": scenario.get_parent().pk, "file": upload})
    assert b"import-errors" in response.content and b"Expecting property name" in response.content


def test_import_of_a_good_file_creates_a_draft_and_opens_the_editor(admin_client, scenario):
    doc = scenario_export(page=scenario)
    upload = SimpleUploadedFile("s.json", json.dumps(doc).encode(), content_type="application/json")
    response = admin_client.post(reverse("scenarios_import"), {"course": scenario.get_parent().pk, "file": upload})
    new = ScenarioPage.objects.exclude(pk=scenario.pk).get()
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[new.pk])
    assert not new.live


FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "title"), [("lift_rescue.twee", "电梯困人应急处置"), ("leak_complaint.html", "业主投诉：楼上漏水")]
)
def test_a_twine_story_imports_as_a_draft_and_lists_what_was_left_out(admin_client, scenario, name, title):
    upload = SimpleUploadedFile(name, (FIXTURES / name).read_bytes())
    response = admin_client.post(reverse("scenarios_import"), {"course": scenario.get_parent().pk, "file": upload})
    new = ScenarioPage.objects.get(title=title)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="import-notes"' in html and "cannot be reached" in html
    assert reverse("wagtailadmin_pages:edit", args=[new.pk]) in html and not new.live


def test_a_file_that_is_neither_json_nor_twine_is_refused(admin_client, scenario):
    upload = SimpleUploadedFile("notes.txt", "随便写的笔记".encode())
    before = ScenarioPage.objects.count()
    response = admin_client.post(reverse("scenarios_import"), {"course": scenario.get_parent().pk, "file": upload})
    assert b"import-errors" in response.content and "Twee 3" in response.content.decode()
    assert ScenarioPage.objects.count() == before


def test_people_without_edit_rights_cannot_open_the_admin_screens(client, scenario, trainee):
    client.force_login(trainee)
    response = client.get(reverse("scenarios_export", args=[scenario.pk]))
    assert response.status_code in (302, 403)
