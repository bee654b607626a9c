"""A manager sees and acts on their own sites' staff only: every page, filter, search, export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEvent
from skills.exports import TABLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_manager_a(client, world):
    client.force_login(world.manager_a.user)
    return client


def test_dashboard_shows_only_the_managers_own_team(as_manager_a, world):
    html = as_manager_a.get(reverse("skills:dashboard")).content.decode()
    assert "王小明" in html and "黄丽" not in html


@pytest.mark.parametrize("query", ["site={site_b}", "q=黄丽", "q={number_b}", "site={site_b}&post={post}"])
def test_filters_and_search_cannot_reach_another_site(as_manager_a, world, query):
    query = query.format(
        site_b=world.trainee_b.site_id, number_b=world.trainee_b.employee_number, post=world.trainee_b.post_id
    )
    html = as_manager_a.get(reverse("skills:dashboard") + "?" + query).content.decode()
    assert reverse("skills:person", args=[world.trainee_b.user_id]) not in html
    assert "翠湖苑" not in html  # neither in the matrix, the lists nor the compliance table


def _export(client, table, data, capture) -> bytes:
    """Ask for an export (built at once by the immediate task backend after commit), download it."""
    from skills.models import DashboardExport

    with capture(execute=True):
        assert client.post(reverse("skills:export_request", args=[table]), data).status_code == 302
    export = DashboardExport.objects.latest("id")
    assert export.status == DashboardExport.Status.READY, export.error
    response = client.get(reverse("skills:export_download", args=[export.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("table", TABLES)
def test_every_export_holds_only_the_team_and_is_audited(
    as_manager_a, world, table, django_capture_on_commit_callbacks
):
    content = _export(as_manager_a, table, {"site": world.trainee_b.site_id}, django_capture_on_commit_callbacks)
    cells = _cells(content)
    assert "黄丽" not in cells
    cells = _cells(_export(as_manager_a, table, {}, django_capture_on_commit_callbacks))
    assert "黄丽" not in cells and world.trainee_b.employee_number not in cells
    if table != "compliance":
        assert "王小明" in cells
    event = AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_EXPORT).first()
    assert event.actor == world.manager_a.user and event.detail["export"] == f"skills.{table}"


def _cells(content: bytes) -> set[str]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {str(v) for row in workbook.active.iter_rows(values_only=True) for v in row if v is not None}


def test_another_sites_person_page_is_not_found(as_manager_a, world):
    assert as_manager_a.get(reverse("skills:person", args=[world.trainee_b.user_id])).status_code == 404
    assert as_manager_a.get(reverse("skills:person", args=[world.trainee_a.user_id])).status_code == 200


def test_another_sites_assessment_follow_up_promotion_and_evidence_are_not_found(as_manager_a, world):
    from skills.models import Evidence, LevelRecord

    b = world.trainee_b
    assert as_manager_a.get(reverse("skills:assessment_create", args=[b.user_id, world.rubric.pk])).status_code == 404
    assert (
        as_manager_a.post(reverse("skills:assessment_create", args=[b.user_id, world.rubric.pk]), {}).status_code == 404
    )
    assert as_manager_a.get(reverse("skills:follow_up", args=[world.follow_up_b.pk])).status_code == 404
    assert (
        as_manager_a.post(reverse("skills:follow_up", args=[world.follow_up_b.pk]), {"behaviour_rating": 5}).status_code
        == 404
    )
    response = as_manager_a.post(
        reverse("skills:promotion_decide", args=[world.promotion_b.pk]), {"decision": "approve", "confirmed": "1"}
    )
    assert response.status_code == 404 and not LevelRecord.objects.filter(user=b.user).exists()
    entry = Evidence.objects.filter(user=b.user).first()
    response = as_manager_a.post(
        reverse("skills:evidence_correct", args=[entry.pk]), {"action": "withdraw", "note": "x"}
    )
    assert (
        response.status_code == 404
        and Evidence.objects.filter(user=b.user).count() == Evidence.objects.filter(user=b.user).count()
    )


def test_another_sites_course_report_leaves_out_their_people(as_manager_a, world):
    html = as_manager_a.get(reverse("skills:course_report", args=[world.course.pk])).content.decode()
    assert "阳光花园" in html and "翠湖苑" not in html


@pytest.mark.parametrize("name", ["skills:dashboard", "skills:reports", "skills:promotions"])
def test_trainees_cannot_open_manager_pages(client, world, name):
    client.force_login(world.trainee_a.user)
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("skills:export_request", args=["matrix"])).status_code == 403
    assert client.get(reverse("skills:exports")).status_code == 403
    assert client.get(reverse("skills:person", args=[world.trainee_a.user_id])).status_code == 403


def test_hr_sees_every_site(client, world):
    from tests.factories.org import HRAdminFactory

    client.force_login(HRAdminFactory().user)
    html = client.get(reverse("skills:dashboard")).content.decode()
    assert "王小明" in html and "黄丽" in html


def test_manager_lands_on_the_dashboard(as_manager_a):
    assert as_manager_a.get(reverse("home"))["Location"] == reverse("skills:dashboard")
