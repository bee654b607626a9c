"""Dashboard exports: asked for with a POST, built in the background, listed on the requester's
exports page and downloaded by the requester only, every download audited."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEvent
from skills.models import DashboardExport
from skills.services.exports import dashboard_exports_stuck_fail
from tests.factories.org import TrainerFactory
from tests.factories.skills import DashboardExportFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def as_manager_a(client, world):
    client.force_login(world.manager_a.user)
    return client


def request_export(client, table, data, capture) -> DashboardExport:
    with capture(execute=True):
        response = client.post(reverse("skills:export_request", args=[table]), data)
    assert response.status_code == 302 and response["Location"] == reverse("skills:exports")
    return DashboardExport.objects.latest("id")


def test_queued_export_is_built_and_downloads_the_managers_team_only(
    as_manager_a, world, django_capture_on_commit_callbacks
):
    export = request_export(as_manager_a, "matrix", {}, django_capture_on_commit_callbacks)
    assert export.status == DashboardExport.Status.READY
    assert export.requested_by == world.manager_a.user and export.rows == 1 and export.finished_at

    page = as_manager_a.get(reverse("skills:exports")).content.decode()
    assert reverse("skills:export_download", args=[export.pk]) in page

    response = as_manager_a.get(reverse("skills:export_download", args=[export.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="skills-matrix-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Employee number", "Name")
    assert [row[1] for row in rows[1:]] == ["王小明"]  # not 黄丽 of the other site


def test_filters_travel_with_the_request(as_manager_a, world, django_capture_on_commit_callbacks):
    export = request_export(as_manager_a, "late", {"q": "nobody-has-this-name"}, django_capture_on_commit_callbacks)
    assert export.filters == {"q": "nobody-has-this-name"} and export.rows == 0


def test_download_is_audited_with_rows_and_filters(as_manager_a, world, django_capture_on_commit_callbacks):
    export = request_export(
        as_manager_a, "matrix", {"site": world.trainee_a.site_id}, django_capture_on_commit_callbacks
    )
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_EXPORT).exists()  # not at build
    as_manager_a.get(reverse("skills:export_download", args=[export.pk]))
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_EXPORT)
    assert event.actor == world.manager_a.user
    assert event.object_type == "skills.DashboardExport" and event.object_id == str(export.pk)
    assert event.detail == {"export": "skills.matrix", "filters": {"site": str(world.trainee_a.site_id)}, "rows": 1}


def test_another_manager_cannot_download_or_see_it(client, world):
    export = DashboardExportFactory(requested_by=world.manager_a.user)
    client.force_login(world.manager_b.user)
    assert client.get(reverse("skills:export_download", args=[export.pk])).status_code == 404
    assert (
        reverse("skills:export_download", args=[export.pk])
        not in client.get(reverse("skills:exports")).content.decode()
    )
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["trainee", "trainer"])
def test_trainees_and_trainers_cannot_download_it(client, world, who):
    export = DashboardExportFactory(requested_by=world.manager_a.user)
    client.force_login(world.trainee_a.user if who == "trainee" else TrainerFactory().user)
    assert client.get(reverse("skills:export_download", args=[export.pk])).status_code in (403, 404)


def test_an_export_not_ready_is_not_downloadable(as_manager_a, world):
    export = DashboardExportFactory(requested_by=world.manager_a.user, status=DashboardExport.Status.QUEUED)
    assert as_manager_a.get(reverse("skills:export_download", args=[export.pk])).status_code == 404


def test_get_on_the_request_url_creates_nothing(as_manager_a):
    response = as_manager_a.get(reverse("skills:export_request", args=["matrix"]))
    assert response.status_code == 405
    assert not DashboardExport.objects.exists()


def test_unknown_table_is_not_found(as_manager_a):
    assert as_manager_a.post(reverse("skills:export_request", args=["salaries"])).status_code == 404
    assert not DashboardExport.objects.exists()


def test_a_failed_export_shows_its_error(as_manager_a, world):
    DashboardExportFactory(
        requested_by=world.manager_a.user, status=DashboardExport.Status.FAILED, error="ValueError: boom"
    )
    page = as_manager_a.get(reverse("skills:exports")).content.decode()
    assert "The export failed" in page and "ValueError: boom" in page


def test_the_list_refreshes_itself_while_an_export_is_pending(as_manager_a, world):
    DashboardExportFactory(requested_by=world.manager_a.user)
    assert 'http-equiv="refresh"' not in as_manager_a.get(reverse("skills:exports")).content.decode()
    DashboardExportFactory(requested_by=world.manager_a.user, status=DashboardExport.Status.QUEUED)
    assert 'http-equiv="refresh"' in as_manager_a.get(reverse("skills:exports")).content.decode()


def test_dashboard_export_buttons_are_post_forms_carrying_the_filters(as_manager_a, world):
    html = as_manager_a.get(reverse("skills:dashboard") + f"?site={world.trainee_a.site_id}").content.decode()
    for table in ("matrix", "compliance", "late", "follow_ups", "promotions"):
        assert f'method="post" action="{reverse("skills:export_request", args=[table])}"' in html
    assert f'<input type="hidden" name="site" value="{world.trainee_a.site_id}">' in html
    assert "csrfmiddlewaretoken" in html


def test_the_list_names_the_filters_by_their_site_and_post(as_manager_a, world):
    site = world.trainee_a.site
    DashboardExportFactory(requested_by=world.manager_a.user, filters={"site": str(site.pk), "q": "王"})
    DashboardExportFactory(requested_by=world.manager_a.user, filters={"post": "999999"})  # deleted since
    page = as_manager_a.get(reverse("skills:exports")).content.decode()
    assert f"Site: {site.name}" in page and "Search: 王" in page and "Post: #999999" in page
    assert "site=" not in page


def test_an_export_the_sweep_gave_up_on_says_why_in_the_readers_language(as_manager_a, world):
    export = DashboardExportFactory(requested_by=world.manager_a.user, status=DashboardExport.Status.QUEUED)
    DashboardExport.objects.filter(pk=export.pk).update(created_at=export.created_at - dt.timedelta(hours=1))
    assert dashboard_exports_stuck_fail() == 1
    page = as_manager_a.get(reverse("skills:exports")).content.decode()
    assert "It was not finished in time" in page and DashboardExport.ERROR_LOST not in page
    page = as_manager_a.get(reverse("skills:exports"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "未能按时完成（处理它的后台进程可能已停止）。" in page and "It was not finished in time" not in page


def test_the_list_reads_the_filter_names_in_a_fixed_number_of_queries(
    as_manager_a, world, django_assert_max_num_queries
):
    for _ in range(5):
        DashboardExportFactory(
            requested_by=world.manager_a.user,
            filters={"site": str(world.trainee_a.site_id), "post": str(world.trainee_a.post_id)},
        )
    as_manager_a.get(reverse("skills:exports"))  # warm
    with django_assert_max_num_queries(5):
        as_manager_a.get(reverse("skills:exports"))
