"""The 学时 report as an Excel workbook: the same scoped sums as the page, every person or group
(pages of the person view are read one after another, so memory stays flat)."""

import io

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from hours.selectors import HoursQuery, hours_report

EXPORT_PAGE_SIZE = 1000


def hours_workbook(*, viewer: AbstractBaseUser, query: HoursQuery) -> tuple[bytes, int]:
    """The workbook's bytes and its number of data rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Learning hours"))
    sheet.append([_("Period"), f"{query.since.isoformat()} – {query.until.isoformat()}"])
    person = query.by == "person"
    header = (
        [_("Employee number"), _("Name"), _("Site"), _("Post")]
        if person
        else [_("Name"), pgettext("headcount", "Staff")]
    )
    sheet.append([*header, _("Credited hours"), _("Measured hours"), _("Target hours"), _("Progress (%)")])
    count, page_number = 0, 1
    while True:
        # Large pages and no totals: the file lists rows only, so each page is four queries.
        report = hours_report(
            viewer=viewer, query=query, page_number=page_number, page_size=EXPORT_PAGE_SIZE, with_total=False
        )
        for row in report.rows:
            if person:
                p = row.profile
                lead = [p.employee_number, p.name, str(p.site or ""), str(p.post or "")]
            else:
                lead = [row.label, row.staff]
            sheet.append(
                [*lead, float(row.credited), float(row.measured_hours), float(row.target_rounded), row.progress_percent]
            )
            count += 1
        if not person or not report.page.has_next():
            break
        page_number += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count
