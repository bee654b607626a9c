"""The roster's email and WeCom / DingTalk user-id columns: read, checked, sanitised, kept when a
file leaves them out, and each id one person's only."""

import io

import pytest
from openpyxl import load_workbook

from org.models import StaffProfile
from org.roster import roster_plan
from org.roster.writing import roster_template_workbook, staff_workbook
from org.services import roster_import_confirm, roster_import_upload
from tests.factories.org import HRAdminFactory, StaffProfileFactory
from tests.org.conftest import CONTACT_HEADER, HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def _row(number, name, email="", wecom="", dingtalk=""):
    return [number, name, "13912345678", "客服", "阳光花园", "", "2025-03-01", "", "", "", email, wecom, dingtalk]


def _import(rows, header=CONTACT_HEADER, hr=None):
    hr = hr or HRAdminFactory()
    roster = roster_import_upload(uploaded_by=hr.user, data=xlsx_bytes(rows, header=header), filename="r.xlsx")
    return roster, roster_import_confirm(roster_import=roster, actor=hr.user)


def _codes(roster_import, row_number):
    row = next(r for r in roster_import.result["rows"] if r["row"] == row_number)
    return [e["code"] for e in row["errors"]]


def test_import_saves_email_and_channel_ids_sanitised(org_units):
    _import([_row("YG900", "周明", "<b>Zhou.Ming@Example.COM</b>", "zhouming", "ding-0012")])
    person = StaffProfile.objects.get(employee_number="YG900")
    assert (person.email, person.wecom_userid, person.dingtalk_userid) == (
        "Zhou.Ming@example.com",
        "zhouming",
        "ding-0012",
    )


def test_header_spellings_of_hr_systems_are_recognised(org_units):
    header = [*HEADER, "电子邮箱", "企业微信UserID", "DingTalk user id"]
    data = csv_bytes([_row("YG901", "钱芳", "qian@example.com", "qianfang", "1001")], header=header)
    hr = HRAdminFactory()
    roster = roster_import_upload(uploaded_by=hr.user, data=data, filename="r.csv")
    assert roster.ignored_columns == []
    roster_import_confirm(roster_import=roster, actor=hr.user)
    person = StaffProfile.objects.get(employee_number="YG901")
    assert (person.email, person.wecom_userid, person.dingtalk_userid) == ("qian@example.com", "qianfang", "1001")


def test_bad_email_and_bad_ids_are_row_errors_with_the_email_masked(org_units):
    roster, result = _import(
        [
            _row("YG900", "周明", email="zhouming.example.com"),
            _row("YG901", "钱芳", wecom="钱 芳"),
            _row("YG902", "孙涛", dingtalk="x" * 65),
        ]
    )
    assert _codes(result, 2) == ["bad_email"]
    assert _codes(result, 3) == ["bad_channel_id"]
    assert _codes(result, 4) == ["bad_channel_id"]
    assert "zhouming.example.com" not in str(result.result)
    assert not StaffProfile.objects.filter(employee_number__in=["YG900", "YG901", "YG902"]).exists()


def test_an_id_twice_in_the_file_is_refused_on_its_second_row(org_units):
    _roster, result = _import([_row("YG900", "周明", wecom="zm"), _row("YG901", "钱芳", wecom="zm")])
    assert _codes(result, 2) == []
    assert _codes(result, 3) == ["channel_id_duplicate"]
    assert StaffProfile.objects.get(wecom_userid="zm").employee_number == "YG900"


def test_an_id_another_person_has_is_refused(org_units):
    StaffProfileFactory(employee_number="YG800", dingtalk_userid="d800")
    _roster, result = _import([_row("YG900", "周明", dingtalk="d800")])
    assert _codes(result, 2) == ["channel_id_taken"]
    assert not StaffProfile.objects.filter(employee_number="YG900").exists()


def test_importing_a_person_again_with_their_own_id_is_unchanged(org_units):
    _import([_row("YG900", "周明", "zm@example.com", "zm", "dzm")])
    _roster, result = _import([_row("YG900", "周明", "zm@example.com", "zm", "dzm")])
    assert result.result["counts"]["unchanged"] == 1


def test_a_file_without_the_columns_keeps_them_and_an_empty_cell_clears_them(org_units):
    _import([_row("YG900", "周明", "zm@example.com", "zm", "dzm")])
    _import([_row("YG900", "周敏")[:10]], header=HEADER)
    person = StaffProfile.objects.get(employee_number="YG900")
    assert (person.name, person.email, person.wecom_userid, person.dingtalk_userid) == (
        "周敏",
        "zm@example.com",
        "zm",
        "dzm",
    )
    _roster, result = _import([_row("YG900", "周敏", "", "zm", "")])
    assert result.result["rows"][0]["changes"] == ["email", "dingtalk_userid"]
    person.refresh_from_db()
    assert (person.email, person.wecom_userid, person.dingtalk_userid) == ("", "zm", "")


def test_the_preview_names_the_contact_columns_that_change(org_units):
    StaffProfileFactory(employee_number="YG900", name="周明", email="", wecom_userid="")
    hr = HRAdminFactory()
    roster = roster_import_upload(
        uploaded_by=hr.user,
        data=xlsx_bytes([_row("YG900", "周明", wecom="zm")], header=CONTACT_HEADER),
        filename="r.xlsx",
    )
    plan = roster_plan(rows=roster.rows)
    row = plan.rows[0]
    assert "wecom_userid" in row.changes
    assert "WeCom user ID" in row.change_labels


def test_template_and_export_carry_the_columns_with_email_masked_for_managers(org_units):
    template = load_workbook(io.BytesIO(roster_template_workbook())).active
    assert [cell.value for cell in template[1]][-3:] == ["邮箱", "企业微信账号", "钉钉账号"]
    person = StaffProfileFactory(email="zhouming@example.com", wecom_userid="zm", dingtalk_userid="dzm")
    for masked, expected in ((True, "z***@example.com"), (False, "zhouming@example.com")):
        sheet = load_workbook(io.BytesIO(staff_workbook([person], mask_phones=masked))).active
        values = [cell.value for cell in sheet[2]]
        assert values[10:13] == [expected, "zm", "dzm"]
