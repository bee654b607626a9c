"""A manager waits on the exports page while an export is built (issue #17): the page updates by
itself, with no tap on "Refresh", and stops reloading once nothing is pending."""

import time

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from skills.models import DashboardExport
from tests.browser.helpers import login
from tests.factories import skills_world
from tests.factories.skills import DashboardExportFactory

world = skills_world.world  # the two-site company fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOWNLOAD = "li.dashboard-export a[href$='/download/']"


def test_the_exports_page_shows_a_finished_export_without_being_refreshed_by_hand(phone, world):
    export = DashboardExportFactory(
        requested_by=world.manager_a.user, status=DashboardExport.Status.QUEUED, finished_at=None, rows=None
    )
    login(phone, world.manager_a.user.username)
    phone.goto("/skills/team/exports/")
    assert phone.locator("li.dashboard-export").get_attribute("data-status") == "queued"
    assert phone.locator(DOWNLOAD).count() == 0

    # The worker finishes it in the background.
    export.file.save("matrix.xlsx", ContentFile(b"stand-in"), save=False)
    export.status, export.rows, export.finished_at = DashboardExport.Status.READY, 1, timezone.now()
    export.save()
    started = time.monotonic()
    phone.wait_for_selector(DOWNLOAD, timeout=15000)
    print(f"exports page updated itself after {time.monotonic() - started:.1f} s")
    assert phone.locator("li.dashboard-export").get_attribute("data-status") == "ready"
    assert phone.locator(DOWNLOAD).get_attribute("href").endswith(f"/skills/team/exports/{export.pk}/download/")
    # Nothing pending any more: the page stays put.
    assert phone.locator("meta[http-equiv=refresh]").count() == 0
