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
from tests.hours.conftest import complete, shanghai

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
    assert count(client, url) == before


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
    assert export.status == HoursExport.Status.READY and export.rows == 4
    download = client.get(reverse("hours:export_download", args=[export.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    rows = {r[1]: r for r in book.active.iter_rows(min_row=3, values_only=True)}
    assert rows[world.p.name][4:] == (8.5, 0.8, 15.0, 57)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_EXPORT, actor=world.hr.user).exists()
    client.force_login(world.manager_1.user)
    assert client.get(reverse("hours:export_download", args=[export.pk])).status_code == 404
