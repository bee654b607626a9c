"""A manager on a phone (390 px) asks for the skill matrix as Excel from the team dashboard, finds
it on their exports page and downloads it: their own team only, the download audited."""

import io

import pytest
from openpyxl import load_workbook

from core.models import AuditEvent
from skills.models import DashboardExport
from tests.browser.helpers import login
from tests.factories import skills_world

world = skills_world.world  # the two-site company fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_requests_and_downloads_the_matrix_export_on_a_phone(phone, world, tmp_path):
    login(phone, world.manager_a.user.username)
    phone.goto("/skills/team/")
    phone.locator("#matrix form.export-form button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    # The test task backend builds it at once; a real worker takes a few seconds (the page
    # refreshes itself while an export is pending).
    assert phone.url.endswith("/skills/team/exports/")
    assert phone.locator(".msg-success").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    export = DashboardExport.objects.get(requested_by=world.manager_a.user)
    assert export.status == DashboardExport.Status.READY

    with phone.expect_download() as download_info:
        phone.locator(f"a[href$='/skills/team/exports/{export.pk}/download/']").click()
    download = download_info.value
    assert download.suggested_filename.startswith("skills-matrix-") and download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = load_workbook(io.BytesIO(path.read_bytes()), read_only=True).active
    names = [row[1] for row in list(sheet.iter_rows(values_only=True))[1:]]
    assert names == ["王小明"]  # not 黄丽 of the other site
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PERSONAL_EXPORT, actor=world.manager_a.user, object_id=str(export.pk)
    ).exists()
