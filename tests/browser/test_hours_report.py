"""A manager on a phone (390 px) opens the 学时 report, switches the grouping and the period, asks
for the Excel export and downloads it: their own site only, figures as in the hand-computed
example (tests/hours/test_hours_report.py), no horizontal overflow, tap targets ≥ 44 px."""

import io

import pytest
from openpyxl import load_workbook

from hours.models import HoursExport
from tests.browser.helpers import login
from tests.hours.conftest import world  # noqa: F401 - the hand-computed world, as a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_manager_switches_period_and_grouping_then_exports_on_a_phone(phone, world, tmp_path):  # noqa: F811
    login(phone, world.manager_1.user.username)
    phone.goto("/hours/?since=2025-01-01&until=2025-12-31")
    assert phone.locator("#hours-total .credited").inner_text() == "8.5"
    assert no_overflow(phone)
    phone.select_option("select[name=by]", "person")
    phone.click("#hours-apply")
    phone.wait_for_load_state("networkidle")
    assert world.p.name in phone.locator("#hours-rows").inner_text()
    assert world.q.name not in phone.content()
    # The first quarter only: P's credited hours fall to the February course.
    phone.fill("input[name=until]", "2025-03-31")
    phone.click("#hours-apply")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("#hours-total .credited").inner_text() == "3.0"
    assert no_overflow(phone)
    box = phone.locator("#hours-export").bounding_box()
    assert box["height"] >= 44
    phone.click("#hours-export")
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith("/hours/exports/")
    export = HoursExport.objects.get(requested_by=world.manager_1.user)
    assert export.status == HoursExport.Status.READY
    assert no_overflow(phone)
    with phone.expect_download() as download_info:
        phone.locator(f"a[href$='/hours/exports/{export.pk}/download/']").click()
    path = tmp_path / "hours.xlsx"
    download_info.value.save_as(path)
    sheet = load_workbook(io.BytesIO(path.read_bytes()), read_only=True).active
    names = [row[1] for row in list(sheet.iter_rows(values_only=True))[2:]]
    assert sorted(names) == sorted([world.p.name, world.manager_1.name])
