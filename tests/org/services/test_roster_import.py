import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from core.models import AuditEvent
from org.models import Role, RosterImport, StaffProfile
from org.roster import RosterFileError, roster_plan
from org.services import RosterImportError, roster_import_confirm, roster_import_upload
from tests.factories.org import HRAdminFactory, StaffProfileFactory, UserFactory
from tests.org.conftest import CONTACT_HEADER, HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    ["YG900", "周明", "13912345678", "客服", "阳光花园", "客服部", dt.date(2025, 3, 1), "", "YG901", ""],
    ["YG901", "钱芳", "139 1234 5679", "kefu", "YG", "客服", "2024/05/06", "", "", "学员"],
    ["CH900", "孙涛", "+8613912345670", "安保", "翠湖苑", "", "2023年7月8日", "", "", "经理"],
]


def _upload(data, filename="roster.xlsx", user=None):
    user = user or HRAdminFactory().user
    return roster_import_upload(uploaded_by=user, data=data, filename=filename)


def _errors(plan, row_number):
    row = next(r for r in plan.rows if r.row == row_number)
    return [e["code"] for e in row.errors]


def test_preview_plans_rows_without_writing_staff(org_units):
    roster = _upload(xlsx_bytes(GOOD_ROWS))
    plan = roster_plan(rows=roster.rows)
    assert plan.counts == {"create": 3, "update": 0, "unchanged": 0, "error": 0}
    assert not StaffProfile.objects.filter(employee_number__in=["YG900", "YG901", "CH900"]).exists()
    assert roster.status == RosterImport.Status.PREVIEWED


def test_confirm_saves_good_rows_with_parsed_values(org_units):
    hr = HRAdminFactory()
    roster = _upload(xlsx_bytes(GOOD_ROWS), user=hr.user)
    roster_import_confirm(roster_import=roster, actor=hr.user)
    zhou = StaffProfile.objects.get(employee_number="YG900")
    assert (zhou.name, zhou.phone, zhou.post, zhou.site, zhou.department) == (
        "周明",
        "13912345678",
        org_units["kefu"],
        org_units["yg"],
        org_units["yg_kefu"],
    )
    assert zhou.hire_date == dt.date(2025, 3, 1)
    # The mentor is further down the file: linked in the second pass.
    assert zhou.mentor.employee_number == "YG901"
    qian = StaffProfile.objects.get(employee_number="YG901")
    assert (qian.phone, qian.hire_date, qian.department) == ("13912345679", dt.date(2024, 5, 6), org_units["yg_kefu"])
    sun = StaffProfile.objects.get(employee_number="CH900")
    assert (sun.role, sun.post, sun.phone, sun.hire_date) == (
        Role.MANAGER,
        org_units["anbao"],
        "13912345670",
        dt.date(2023, 7, 8),
    )
    roster.refresh_from_db()
    assert roster.status == RosterImport.Status.CONFIRMED
    assert roster.result["counts"]["create"] == 3
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROSTER_IMPORT)
    assert event.actor == hr.user
    assert event.detail["create"] == 3
    assert "139" not in str(event.detail)


def test_reimporting_the_same_file_updates_and_never_duplicates(org_units):
    hr = HRAdminFactory()
    roster_import_confirm(roster_import=_upload(xlsx_bytes(GOOD_ROWS), user=hr.user), actor=hr.user)
    users_before = get_user_model().objects.count()

    again = _upload(xlsx_bytes(GOOD_ROWS), user=hr.user)
    assert roster_plan(rows=again.rows).counts == {"create": 0, "update": 0, "unchanged": 3, "error": 0}

    changed = [list(row) for row in GOOD_ROWS]
    changed[1][1] = "钱芳芳"
    changed[1][3] = "安保"
    third = _upload(xlsx_bytes(changed), user=hr.user)
    plan = roster_plan(rows=third.rows)
    assert plan.counts == {"create": 0, "update": 1, "unchanged": 2, "error": 0}
    assert set(next(r for r in plan.rows if r.number == "YG901").changes) == {"name", "post"}
    roster_import_confirm(roster_import=third, actor=hr.user)

    assert get_user_model().objects.count() == users_before
    assert StaffProfile.objects.filter(employee_number="YG901").count() == 1
    qian = StaffProfile.objects.get(employee_number="YG901")
    assert (qian.name, qian.post) == ("钱芳芳", org_units["anbao"])
    assert StaffProfile.objects.get(employee_number="YG900").mentor == qian


def test_blank_role_keeps_an_existing_persons_role(org_units):
    StaffProfileFactory(employee_number="YG901", role=Role.TRAINER, site=org_units["yg"], post=org_units["kefu"])
    hr = HRAdminFactory()
    roster_import_confirm(
        roster_import=_upload(xlsx_bytes([["YG901", "钱芳", "", "客服", "YG", "", "", "", "", ""]]), user=hr.user),
        actor=hr.user,
    )
    assert StaffProfile.objects.get(employee_number="YG901").role == Role.TRAINER


def test_role_from_the_file_gives_the_login_its_groups(org_units):
    hr = HRAdminFactory()
    roster_import_confirm(
        roster_import=_upload(
            xlsx_bytes([["TR900", "吴老师", "", "客服", "YG", "", "", "", "", "培训师"]]), user=hr.user
        ),
        actor=hr.user,
    )
    user = StaffProfile.objects.get(employee_number="TR900").user
    assert set(user.groups.values_list("name", flat=True)) == {"Editors", "Moderators"}


def test_every_kind_of_row_error_is_named_and_the_row_skipped(org_units):
    StaffProfileFactory(employee_number="BOSS1", site=org_units["yg"], post=org_units["kefu"])
    UserFactory(username="TAKEN1")
    rows = [
        ["OK001", "好人", "13912345678", "客服", "YG", "", "2025-01-02", "BOSS1", "", ""],  # 2 good
        ["", "无工号", "", "客服", "YG", "", "", "", "", ""],  # 3 missing number
        ["BAD 1", "空格", "", "客服", "YG", "", "", "", "", ""],  # 4 bad number
        ["OK001", "重复", "", "客服", "YG", "", "", "", "", ""],  # 5 duplicate
        ["E0006", "岗位错", "", "厨师", "YG", "", "", "", "", ""],  # 6 unknown post
        ["E0007", "项目错", "", "客服", "火星小区", "", "", "", "", ""],  # 7 unknown site
        ["E0008", "部门错", "", "客服", "YG", "财务部", "", "", "", ""],  # 8 unknown department
        ["E0009", "日期错", "", "客服", "YG", "", "明年春天", "", "", ""],  # 9 bad date
        ["E0010", "手机错", "1391234", "客服", "YG", "", "", "", "", ""],  # 10 bad phone
        ["E0011", "上级错", "", "客服", "YG", "", "", "NOBODY", "", ""],  # 11 unknown manager
        ["E0012", "师傅错", "", "客服", "YG", "", "", "", "NOBODY", ""],  # 12 unknown mentor
        ["E0013", "角色错", "", "客服", "YG", "", "", "", "", "董事长"],  # 13 unknown role
        ["E0014", "", "", "", "YG", "", "", "", "", ""],  # 14 missing name and post
        ["E0015", "自己", "", "客服", "YG", "", "", "E0015", "", ""],  # 15 own manager
        ["E0016", "跟错人", "", "客服", "YG", "", "", "E0006", "", ""],  # 16 manager's row is bad
        ["TAKEN1", "撞名", "", "客服", "YG", "", "", "", "", ""],  # 17 login exists
        ["E0018", "太早", "", "客服", "YG", "", "1900-01-01", "", "", ""],  # 18 implausible date
    ]
    hr = HRAdminFactory()
    roster = _upload(xlsx_bytes(rows), user=hr.user)
    plan = roster_plan(rows=roster.rows)
    assert _errors(plan, 2) == []
    assert _errors(plan, 3) == ["missing"]
    assert _errors(plan, 4) == ["bad_employee_number"]
    assert _errors(plan, 5) == ["duplicate"]
    assert _errors(plan, 6) == ["unknown_post"]
    assert _errors(plan, 7) == ["unknown_site"]
    assert _errors(plan, 8) == ["unknown_department"]
    assert _errors(plan, 9) == ["bad_date"]
    assert _errors(plan, 10) == ["bad_phone"]
    assert _errors(plan, 11) == ["unknown_manager"]
    assert _errors(plan, 12) == ["unknown_mentor"]
    assert _errors(plan, 13) == ["unknown_role"]
    assert _errors(plan, 14) == ["missing", "missing"]
    assert _errors(plan, 15) == ["self_manager"]
    assert _errors(plan, 16) == ["manager_row_bad"]
    assert _errors(plan, 17) == ["username_taken"]
    assert _errors(plan, 18) == ["date_out_of_range"]
    texts = {r.row: " ".join(r.error_texts) for r in plan.rows}
    assert "1391234" not in texts[10] and "139****1234" in texts[10]
    assert "row 2" in texts[5] or "第 2 行" in texts[5]
    assert "厨师" in texts[6]

    roster_import_confirm(roster_import=roster, actor=hr.user)
    assert set(StaffProfile.objects.values_list("employee_number", flat=True)) == {
        "BOSS1",
        "OK001",
        hr.employee_number,
    }
    assert StaffProfile.objects.get(employee_number="OK001").name == "好人"
    roster.refresh_from_db()
    assert roster.result["counts"] == {"create": 1, "update": 0, "unchanged": 0, "error": 16}
    bad = {r["row"]: [e["code"] for e in r["errors"]] for r in roster.result["rows"] if r["errors"]}
    assert bad[10] == ["bad_phone"]


def test_csv_in_utf8_with_and_without_bom_and_in_gbk_read_the_same(org_units):
    rows = [["YG900", "周明", "13912345678", "客服", "阳光花园", "客服部", "2025-03-01", "", "", ""]]
    results = []
    for encoding in ("utf-8-sig", "utf-8", "gbk"):
        roster = _upload(csv_bytes(rows, encoding=encoding), filename="花名册.csv")
        results.append(roster.rows)
    assert results[0] == results[1] == results[2]
    assert results[0][0]["values"]["name"] == "周明"
    assert results[0][0]["values"]["site"] == "阳光花园"


def test_english_headers_and_a_title_row_above_them_are_understood(org_units):
    header = [
        "Employee number",
        "Name",
        "Mobile",
        "Post",
        "Site",
        "Department",
        "Hire date",
        "Manager",
        "Mentor",
        "Role",
        "Remarks",
    ]
    data = xlsx_bytes(
        [["E1", "Li", "", "kefu", "YG", "", "", "", "", "trainee", "x"]], header=header, title="2025 花名册"
    )
    roster = _upload(data)
    assert roster.rows == [
        {
            "row": 3,
            "values": {
                "employee_number": "E1",
                "name": "Li",
                "phone": "",
                "post": "kefu",
                "site": "YG",
                "department": "",
                "hire_date": "",
                "manager_number": "",
                "mentor_number": "",
                "role": "trainee",
            },
        }
    ]
    assert roster.ignored_columns == ["Remarks"]


def test_numbers_typed_into_excel_lose_their_decimal_point(org_units):
    roster = _upload(xlsx_bytes([[1001, "数字", 13912345678, "客服", "YG", "", 45717, "", "", ""]]))
    values = roster.rows[0]["values"]
    assert (values["employee_number"], values["phone"]) == ("1001", "13912345678")
    plan = roster_plan(rows=roster.rows)
    assert plan.rows[0].errors == []
    assert plan.rows[0].hire_date == dt.date(2025, 3, 1)


def test_markup_in_cells_is_stripped(org_units):
    roster = _upload(xlsx_bytes([["E1", "<script>alert(1)</script>张三", "", "客服", "YG", "", "", "", "", ""]]))
    assert roster.rows[0]["values"]["name"] == "张三"


@pytest.mark.parametrize(
    ("data", "filename", "fragment"),
    [
        (b"", "roster.xlsx", "empty"),
        (b"this is not a zip", "roster.xlsx", "not a valid Excel"),
        (b"PK\x03\x04broken zip", "roster.xlsx", "not a valid Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "roster.xls", ".xls"),
        (b"a,b\n1,2\n", "roster.pdf", ".xlsx"),
        ("名字,电话\n张三,1\n".encode(), "roster.csv", "header row"),
        ("工号,姓名,岗位,项目\n,,,\n".encode(), "roster.csv", "no staff rows"),
        ("工号,姓名,手机\nE1,张三,1\n".encode(), "roster.csv", "missing"),
        (b"\xff\xfe\x00\x00bin\x00ary", "roster.csv", "encoding"),
        (b"\x00\x01binary\x00", "roster.csv", "not a text"),
    ],
)
def test_an_unreadable_file_is_refused_with_a_clear_message_and_nothing_stored(org_units, data, filename, fragment):
    with pytest.raises(RosterFileError) as error:
        _upload(data, filename=filename)
    assert fragment.lower() in error.value.message.lower()
    assert RosterImport.objects.count() == 0


def test_a_roster_is_confirmed_only_once(org_units):
    hr = HRAdminFactory()
    roster = _upload(xlsx_bytes(GOOD_ROWS), user=hr.user)
    roster_import_confirm(roster_import=roster, actor=hr.user)
    with pytest.raises(RosterImportError):
        roster_import_confirm(roster_import=roster, actor=hr.user)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROSTER_IMPORT).count() == 1


def test_confirm_checks_rows_against_todays_data(org_units):
    """A post deleted between preview and confirm turns its rows into errors, not crashes."""
    hr = HRAdminFactory()
    roster = _upload(xlsx_bytes(GOOD_ROWS), user=hr.user)
    from org.models import Post

    Post.objects.filter(code="anbao").delete()
    roster_import_confirm(roster_import=roster, actor=hr.user)
    roster.refresh_from_db()
    assert roster.result["counts"] == {"create": 2, "update": 0, "unchanged": 0, "error": 1}


def test_planning_a_long_file_takes_a_constant_number_of_queries(org_units, django_assert_max_num_queries):
    def rows(n):
        return [
            {
                "row": i + 2,
                "values": dict(
                    zip(
                        [
                            "employee_number",
                            "name",
                            "phone",
                            "post",
                            "site",
                            "department",
                            "hire_date",
                            "manager_number",
                            "mentor_number",
                            "role",
                        ],
                        [f"N{i}", "某", "", "客服", "YG", "客服部", "", "N0" if i else "", "", ""],
                        strict=True,
                    )
                ),
            }
            for i in range(n)
        ]

    with django_assert_max_num_queries(6):
        assert roster_plan(rows=rows(5)).count("create") == 5
    with django_assert_max_num_queries(6):
        assert roster_plan(rows=rows(300)).count("create") == 300


def test_header_constant_matches_the_columns():
    from org.roster import HEADERS

    assert list(HEADERS.values()) == CONTACT_HEADER


def test_a_column_missing_from_the_file_keeps_what_people_have_but_an_empty_cell_clears_it(org_units):
    hr = HRAdminFactory()
    roster_import_confirm(roster_import=_upload(xlsx_bytes(GOOD_ROWS), user=hr.user), actor=hr.user)
    # Same people, without the mentor and phone columns: mentors and phones stay.
    header = ["工号", "姓名", "岗位", "项目", "部门", "入职日期"]
    rows = [[r[0], r[1], r[3], r[4], r[5], r[6]] for r in GOOD_ROWS]
    roster = _upload(xlsx_bytes(rows, header=header), user=hr.user)
    assert roster_plan(rows=roster.rows).counts["unchanged"] == 3
    roster_import_confirm(roster_import=roster, actor=hr.user)
    zhou = StaffProfile.objects.get(employee_number="YG900")
    assert zhou.mentor.employee_number == "YG901" and zhou.phone == "13912345678"

    # With the mentor column present but empty, the mentor is cleared.
    cleared = [list(r) for r in GOOD_ROWS]
    cleared[0][8] = ""
    plan = roster_plan(rows=_upload(xlsx_bytes(cleared), user=hr.user).rows)
    assert plan.rows[0].changes == ["mentor_number"]


def test_the_uploaded_file_is_kept_until_confirmed_then_deleted(org_units, django_capture_on_commit_callbacks):
    hr = HRAdminFactory()
    roster = _upload(xlsx_bytes(GOOD_ROWS), user=hr.user)
    storage, name = roster.file.storage, roster.file.name
    assert name.startswith("roster_imports/") and storage.exists(name)
    assert "roster" not in name.rsplit("/", 1)[-1]  # a random name, not the uploaded one
    with django_capture_on_commit_callbacks(execute=True):
        roster = roster_import_confirm(roster_import=roster, actor=hr.user)
    assert not storage.exists(name)
    roster.refresh_from_db()
    assert not roster.file and roster.original_name == "roster.xlsx"


def test_excel_unicode_text_export_tab_separated_utf16_is_read(org_units):
    text = "\t".join(HEADER) + "\n" + "\t".join(["YG900", "周明", "", "客服", "YG", "", "", "", "", ""]) + "\n"
    roster = _upload(text.encode("utf-16"), filename="花名册.txt")
    assert roster.rows[0]["values"]["name"] == "周明"


def test_a_blank_row_in_the_middle_is_skipped_and_row_numbers_match_the_sheet(org_units):
    roster = _upload(xlsx_bytes([GOOD_ROWS[0], [None] * 10, GOOD_ROWS[1]]))
    assert [row["row"] for row in roster.rows] == [2, 4]


def test_a_sheet_with_more_rows_than_allowed_is_refused(org_units, monkeypatch):
    from org.roster import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = [[f"E{i}", "某", "", "客服", "YG", "", "", "", "", ""] for i in range(5)]
    with pytest.raises(RosterFileError) as error:
        _upload(xlsx_bytes(rows))
    assert "more than 3 rows" in error.value.message
    assert RosterImport.objects.count() == 0


def test_a_workbook_that_unpacks_too_large_is_refused(org_units, monkeypatch):
    from org.roster import reading

    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(RosterFileError) as error:
        _upload(xlsx_bytes(GOOD_ROWS))
    assert "unpacked" in error.value.message


def test_a_new_manager_from_the_roster_manages_their_own_site(org_units):
    hr = HRAdminFactory()
    roster_import_confirm(roster_import=_upload(xlsx_bytes(GOOD_ROWS), user=hr.user), actor=hr.user)
    sun = StaffProfile.objects.get(employee_number="CH900")
    assert list(sun.managed_sites.all()) == [org_units["ch"]]
