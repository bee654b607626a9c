"""The 学时 pages: the report for managers and HR (query count independent of rows), each person's
own hours, and the Excel export built in the background and downloaded by its requester."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEvent
from hours.models import HoursExport
from tests.factories.org import StaffProfileFactory
from tests.hours.conftest import complete, complete_step, shanghai

pytestmark = pytest.mark.django_db
YEAR = "since=2025-01-01&until=2025-12-31"


def count(client, url):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize("by", ["person", "department", "site", "post"])
def test_the_report_takes_the_same_queries_however_many_people(client, world, by):
    client.force_login(world.hr.user)
    url = f"{reverse('hours:report')}?{YEAR}&by={by}"
    before = count(client, url)
    for _ in range(6):
        person = StaffProfileFactory(site=world.site_1, post=world.post_b)
        complete(person.user, world.c1, shanghai(2025, 5, 5))
        complete_step(person.user, world.c4_steps[0], shanghai(2025, 5, 6))
    assert count(client, url) == before


def test_a_person_credited_step_by_step_sees_their_step_credits(client, world):
    client.force_login(world.r.user)
    page = client.get(f"{reverse('hours:mine')}?{YEAR}").content.decode()
    assert "2.5" in page and "10.0" in page and "25%" in page
    assert "8.0" not in page  # the course's stated hours are not credited
    credits = page.split('id="step-credits"')[1].split("</ul>")[0]
    assert world.c4.title in credits and "2 of 3 steps" in credits and "2.5 h credited" in credits


def test_the_report_page_shows_step_credits_in_the_site_grouping(client, world):
    client.force_login(world.hr.user)
    page = client.get(f"{reverse('hours:report')}?{YEAR}&by=site").content.decode()
    assert "7.5" in page and "22.0" in page and "34%" in page


def test_the_api_reports_step_credits(client, world):
    client.force_login(world.hr.user)
    data = client.get(f"/api/v1/hours/report?{YEAR}&by=person").json()
    rows = {row["key"]: row for row in data["rows"]}
    assert rows[world.r.user_id]["credited_hours"] == "2.5"
    assert rows[world.r.user_id]["progress_percent"] == 25
    assert data["total"]["credited_hours"] == "16.0"
    client.force_login(world.r.user)
    assert client.get(f"/api/v1/hours/me?{YEAR}").json()["credited_hours"] == "2.5"


def test_the_manager_report_shows_their_people_and_figures(client, world):
    client.force_login(world.manager_1.user)
    page = client.get(f"{reverse('hours:report')}?{YEAR}&by=person").content.decode()
    assert world.p.name in page and world.q.name not in page
    assert "8.5" in page and "15.0" in page and "57%" in page


def test_a_trainee_sees_their_own_hours_only(client, world):
    client.force_login(world.q.user)
    assert client.get(reverse("hours:report")).status_code == 403
    page = client.get(f"{reverse('hours:mine')}?{YEAR}").content.decode()
    assert "5.0" in page and "12.0" in page and "42%" in page


def test_the_export_is_built_in_the_background_and_downloaded_by_its_requester(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.hr.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("hours:export"), {"since": "2025-01-01", "until": "2025-12-31", "by": "person"})
    assert response.status_code == 302
    export = HoursExport.objects.get(requested_by=world.hr.user)
    assert export.status == HoursExport.Status.READY and export.rows == 5
    download = client.get(reverse("hours:export_download", args=[export.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    rows = {r[1]: r for r in book.active.iter_rows(min_row=3, values_only=True)}
    assert rows[world.p.name][4:] == (8.5, 0.8, 15.0, 57)
    assert rows[world.r.name][4:] == (2.5, 0.0, 10.0, 25)  # c4 credited by two of its steps
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_EXPORT, actor=world.hr.user).exists()
    client.force_login(world.manager_1.user)
    assert client.get(reverse("hours:export_download", args=[export.pk])).status_code == 404


def _ready_export(client, world, django_capture_on_commit_callbacks) -> HoursExport:
    client.force_login(world.hr.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("hours:export"), {"since": "2025-01-01", "until": "2025-12-31", "by": "site"})
    return HoursExport.objects.get(requested_by=world.hr.user)


def test_an_export_older_than_a_week_loses_its_file_and_shows_expired(
    client, world, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    from hours.services import EXPORT_KEEP_DAYS
    from hours.tasks import hours_exports_expire_task

    export = _ready_export(client, world, django_capture_on_commit_callbacks)
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert hours_exports_expire_task.call() == 0  # a fresh export is kept
    HoursExport.objects.filter(pk=export.pk).update(
        finished_at=timezone.now() - dt.timedelta(days=EXPORT_KEEP_DAYS, minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert hours_exports_expire_task.call() == 1
        assert hours_exports_expire_task.call() == 0  # twice is harmless
    export.refresh_from_db()
    assert export.status == HoursExport.Status.EXPIRED and not export.file and not storage.exists(name)
    page = client.get(reverse("hours:exports")).content.decode()
    assert 'data-status="expired"' in page and "7" in page
    assert client.get(reverse("hours:export_download", args=[export.pk])).status_code == 404


def test_erasing_a_leaver_expires_every_export_built_until_then(client, world, django_capture_on_commit_callbacks):
    from core.events import event_announce
    from core.personal_data import PersonalDataErased

    export = _ready_export(client, world, django_capture_on_commit_callbacks)
    name = export.file.name
    with django_capture_on_commit_callbacks(execute=True):
        event_announce(PersonalDataErased(user_id=world.p.user_id))
    export.refresh_from_db()
    assert export.status == HoursExport.Status.EXPIRED and not export.file.storage.exists(name)
