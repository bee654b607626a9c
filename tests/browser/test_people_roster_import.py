"""HR imports a roster on a phone: the preview names the bad row, confirming saves the rest."""

import pytest

from org.models import StaffProfile
from org.services import staff_role_sync
from tests.browser.helpers import login
from tests.factories.org import DepartmentFactory, HRAdminFactory, PostFactory, SiteFactory
from tests.org.conftest import xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_imports_a_roster_and_sees_the_bad_row_named(phone, tmp_path):
    yg = SiteFactory(code="YG", name="阳光花园")
    PostFactory(code="kefu", name="客服")
    DepartmentFactory(site=yg, name="客服部")
    hr = HRAdminFactory(site=yg, user__username="zhoumin")
    staff_role_sync(profile=hr)
    roster = tmp_path / "花名册.xlsx"
    roster.write_bytes(
        xlsx_bytes(
            [
                ["YG900", "周明", "13912345678", "客服", "阳光花园", "客服部", "2025-03-01", "", "YG901", ""],
                ["YG901", "钱芳", "13912345679", "客服", "YG", "", "2024-05-06", "", "", ""],
                ["YG902", "孙涛", "13912345670", "厨师", "阳光花园", "", "2025-03-01", "", "", ""],
            ]
        )
    )

    login(phone, "zhoumin")
    phone.goto("/people/")
    phone.click('a[href="/people/import/"]')
    phone.set_input_files("input[type=file]", str(roster))
    phone.click("form[enctype] button[type=submit]")
    phone.wait_for_load_state("networkidle")

    bad = phone.locator('tr[data-row="4"]')
    assert "厨师" in bad.inner_text()
    assert phone.locator(".count-create strong").inner_text() == "2"
    assert phone.locator(".count-error strong").inner_text() == "1"
    assert not StaffProfile.objects.filter(employee_number="YG900").exists()

    phone.click(".sticky-actions button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert "厨师" in phone.locator('tr[data-row="4"]').inner_text()
    assert "13912345678" not in phone.content()
    assert set(StaffProfile.objects.filter(employee_number__startswith="YG9").values_list("name", flat=True)) == {
        "周明",
        "钱芳",
    }
    assert StaffProfile.objects.get(employee_number="YG900").mentor.name == "钱芳"
