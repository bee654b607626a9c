"""A manager on a phone sees only their own site's staff, can filter, and exports only them."""

import pytest
from openpyxl import load_workbook

from tests.browser.helpers import login
from tests.factories.org import DepartmentFactory, ManagerFactory, PostFactory, SiteFactory, StaffProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_sees_filters_and_exports_only_their_own_staff(phone, tmp_path):
    yg, ch = SiteFactory(code="YG", name="阳光花园"), SiteFactory(code="CH", name="翠湖苑")
    kefu, anbao = PostFactory(code="kefu", name="客服"), PostFactory(code="anbao", name="秩序/安保")
    DepartmentFactory(site=yg, name="客服部")
    manager = ManagerFactory(site=yg, name="陈经理", managed_sites=[yg], user__username="chen")
    StaffProfileFactory(site=yg, post=kefu, name="王小明", phone="13912345678")
    StaffProfileFactory(site=yg, post=anbao, name="刘勇")
    StaffProfileFactory(site=ch, post=kefu, name="黄丽")
    assert manager.user.check_password("pw-test-123"), manager.user.username

    login(phone, "chen")
    phone.goto("/people/")
    rows = phone.locator(".staff-row")
    names = rows.all_inner_texts()
    assert any("王小明" in n for n in names) and any("刘勇" in n for n in names)
    assert not any("黄丽" in n for n in names)
    assert "黄丽" not in phone.content()
    assert "139****5678" in phone.content() and "13912345678" not in phone.content()
    # The other site is not even offered as a filter.
    assert "翠湖苑" not in phone.locator("#f-site").inner_text()

    phone.select_option("#f-post", label="秩序/安保")
    phone.click(".filters button[type=submit]")
    phone.wait_for_load_state("networkidle")
    names = phone.locator(".staff-row").all_inner_texts()
    assert len(names) == 1 and "刘勇" in names[0]

    # Asking for the other site by id in the URL gives nothing.
    phone.goto(f"/people/?site={ch.pk}")
    assert phone.locator(".staff-row").count() == 0

    phone.goto("/people/")
    with phone.expect_download() as download_info:
        phone.click("#staff-export")
    path = tmp_path / "staff.xlsx"
    download_info.value.save_as(path)
    exported = {row[1] for row in load_workbook(path).active.iter_rows(min_row=2, values_only=True)}
    assert exported == {"陈经理", "王小明", "刘勇"}

    # The page fits the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
