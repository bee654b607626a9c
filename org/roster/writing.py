"""Workbooks in the roster's own columns: the empty template HR fills in, and the export of a
staff list (which can be edited and imported again)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from org.models import Post, Role, Site, StaffProfile
from org.roster.columns import COLUMNS, HEADERS
from org.roster.planning import ROLE_WORDS

ROLE_HEADER_WORD = {Role.TRAINEE: "学员", Role.TRAINER: "培训师", Role.MANAGER: "经理", Role.HR_ADMIN: "人事"}
COLUMN_WIDTHS = {"employee_number": 12, "name": 12, "phone": 15, "post": 12, "site": 14, "department": 14}


def _safe(value) -> object:
    """A text cell starting with "=" would be stored as a formula: exported data stays data."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _header_row(sheet, headers: list[str]) -> None:
    sheet.append(headers)
    for index, cell in enumerate(sheet[1], start=1):
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = "A2"


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def roster_template_workbook() -> bytes:
    """The roster template: the header row on the first sheet, and on the second how to fill
    each column with today's posts and sites."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    _header_row(sheet, [header for _f, header, *_r in COLUMNS])
    for row in range(2, 502):
        sheet.cell(row=row, column=1).number_format = "@"  # 工号 stays text ("007" keeps its zeros)
        sheet.cell(row=row, column=3).number_format = "@"
        sheet.cell(row=row, column=7).number_format = "yyyy-mm-dd"
        for column in (12, 13):  # WeCom and DingTalk ids stay text, however many digits
            sheet.cell(row=row, column=column).number_format = "@"
    notes = workbook.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 70
    notes.append([_("Column"), _("How to fill it")])
    guide = {
        "employee_number": _("Required. Unique; letters, digits, “-” or “_”. Importing again updates this person."),
        "name": _("Required."),
        "phone": _("11-digit mainland mobile number."),
        "post": _("Required. One of: %(posts)s.") % {"posts": ", ".join(p.name for p in Post.objects.all())},
        "site": _("Required. Site name or code: %(sites)s.")
        % {"sites": ", ".join(f"{s.name} ({s.code})" for s in Site.objects.all())},
        "department": _("Optional. A department of that site."),
        "hire_date": _("Date such as 2025-03-01."),
        "manager_number": _("Optional. Employee number of the line manager (may be in this file)."),
        "mentor_number": _("Optional. Employee number of the mentor (may be in this file)."),
        "role": _("Optional, new staff default to 学员: %(roles)s.")
        % {"roles": ", ".join(words[1] for words in ROLE_WORDS.values())},
        "email": _("Optional. Work email for reminders."),
        "wecom_userid": _("Optional. The person's user ID (账号) in the company's WeCom, for messages and sign-in."),
        "dingtalk_userid": _("Optional. The person's user ID in the company's DingTalk, for messages and sign-in."),
    }
    for field, header, _label, _required in COLUMNS:
        notes.append([header, str(guide[field])])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    return _to_bytes(workbook)


def staff_workbook(people: list[StaffProfile], *, mask_phones: bool) -> bytes:
    """One row per person in the template's columns, then their course figures. Phones and
    email addresses are masked for viewers who may not see them in full."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    _header_row(sheet, [HEADERS[f] for f, *_r in COLUMNS] + ["已完成课程", "课程总数", "离职日期"])
    for person in people:
        sheet.append(
            [
                _safe(value)
                for value in (
                    person.employee_number,
                    person.name,
                    person.masked_phone if (mask_phones and person.phone) else person.phone,
                    person.post.name if person.post else "",
                    person.site.name if person.site else "",
                    person.department.name if person.department else "",
                    person.hire_date,
                    person.manager.employee_number if person.manager else "",
                    person.mentor.employee_number if person.mentor else "",
                    ROLE_HEADER_WORD.get(person.role, person.role),
                    person.masked_email if (mask_phones and person.email) else person.email,
                    person.wecom_userid,
                    person.dingtalk_userid,
                    getattr(person, "courses_completed", None),
                    getattr(person, "courses_enrolled", None),
                    person.left_at,
                )
            ]
        )
    for index, (field, *_rest) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS.get(field, 14)
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=7):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    return _to_bytes(workbook)
