"""Excel exports of the dashboard's tables, over exactly the rows the viewer's scope allows
(the same scoped queries as the page, without pagination)."""

import datetime as dt
import io
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from skills.charts import proficiency_level
from skills.engine import current_levels
from skills.models import SkillLevel
from skills.selectors.dashboard import (
    Filters,
    compliance_by_site,
    late_enrolments_query,
    matrix_cells,
    matrix_competencies,
    open_follow_ups_query,
    pending_promotions_query,
    scope_user_ids,
    scoped_staff,
)

TABLES = ("matrix", "compliance", "late", "follow_ups", "promotions")
BATCH = 1000


def _level_label(level: int) -> str:
    return str(SkillLevel(level).label) if level else ""


def _matrix(viewer, filters) -> tuple[list[str], Iterable[list]]:
    competencies = matrix_competencies(post_id=filters.post_id)
    header = [_("Employee number"), _("Name"), _("Site"), _("Post"), _("Level")] + [c.name for c in competencies]
    staff = (
        scoped_staff(viewer=viewer, filters=filters)
        .select_related("site", "post")
        .order_by("site__code", "employee_number")
    )

    labels = {0: "", **{level: str(label) for level, label in SkillLevel.choices}}  # translated once

    def rows():
        ids = list(staff.values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):  # batches keep memory flat for the whole company
            chunk = ids[start : start + BATCH]
            by_pk = {p.pk: p for p in staff.model.objects.filter(pk__in=chunk).select_related("site", "post")}
            batch = [by_pk[pk] for pk in chunk if pk in by_pk]
            # Only the current level is exported: the criteria evaluation is not needed here.
            levels = current_levels(
                user_ids=[p.user_id for p in batch], post_by_user={p.user_id: p.post_id for p in batch}
            )
            cells = matrix_cells(user_ids=[p.user_id for p in batch], competencies=competencies)
            for p in batch:
                level_cells = [labels[proficiency_level(cells.get((p.user_id, c.pk)))] for c in competencies]
                yield [
                    p.employee_number,
                    p.name,
                    str(p.site or ""),
                    str(p.post or ""),
                    labels[levels.get(p.user_id, 0)],
                    *level_cells,
                ]

    return header, rows()


def _compliance_rows(viewer, filters, today):
    staff = scoped_staff(viewer=viewer, filters=filters)
    return compliance_by_site(staff=staff, user_ids=scope_user_ids(staff), today=today)


def _compliance(viewer, filters):
    today = timezone.localdate()
    header = [
        _("Site"),
        pgettext("headcount", "Staff"),
        _("People late"),
        _("Courses late"),
        _("Programmes late"),
        _("On time (%)"),
    ]
    rows = [
        [s.site_name, s.staff, s.late_people, s.late_courses, s.late_programmes, s.on_time_percent]
        for s in _compliance_rows(viewer, filters, today)
    ]
    return header, rows


def _late(viewer, filters):
    today = timezone.localdate()
    header = [_("Employee number"), _("Name"), _("Site"), _("Course"), _("Due date"), _("Progress (%)")]
    query = (
        late_enrolments_query(user_ids=scoped_staff(viewer=viewer, filters=filters).values("user_id"), today=today)
        .select_related("course", "user__staff_profile__site")
        .order_by("due_date", "id")
    )
    rows = (
        [
            e.user.staff_profile.employee_number,
            e.user.staff_profile.name,
            str(e.user.staff_profile.site or ""),
            e.course.title,
            e.due_date,
            e.progress_percent,
        ]
        for e in query.iterator(chunk_size=BATCH)
    )
    return header, rows


def _follow_ups(viewer, filters):
    today = timezone.localdate()
    header = [
        _("Employee number"),
        _("Name"),
        _("Site"),
        _("Course"),
        _("Months"),
        _("Due date"),
        _("Overdue"),
        _("Evaluator"),
    ]
    query = (
        open_follow_ups_query(
            user_ids=scoped_staff(viewer=viewer, filters=filters).values("user_id"),
            until=today + dt.timedelta(days=3660),
        )
        .select_related("course", "trainee__staff_profile__site", "assignee")
        .order_by("due_date", "id")
    )
    rows = (
        [
            f.trainee.staff_profile.employee_number,
            f.trainee.staff_profile.name,
            str(f.trainee.staff_profile.site or ""),
            f.course.title,
            f.months,
            f.due_date,
            _("yes") if f.due_date < today else "",
            f.assignee.name if f.assignee else "",
        ]
        for f in query.iterator(chunk_size=BATCH)
    )
    return header, rows


def _promotions(viewer, filters):
    header = [_("Employee number"), _("Name"), _("Site"), _("Post"), _("From"), _("To"), _("Recommended at")]
    query = pending_promotions_query(
        user_ids=scoped_staff(viewer=viewer, filters=filters).values("user_id")
    ).select_related("user__staff_profile__site", "post")
    rows = (
        [
            r.user.staff_profile.employee_number,
            r.user.staff_profile.name,
            str(r.user.staff_profile.site or ""),
            str(r.post),
            _level_label(r.from_level),
            _level_label(r.to_level),
            timezone.localtime(r.created_at).replace(tzinfo=None),
        ]
        for r in query.order_by("created_at")
    )
    return header, rows


BUILDERS = {
    "matrix": _matrix,
    "compliance": _compliance,
    "late": _late,
    "follow_ups": _follow_ups,
    "promotions": _promotions,
}


def dashboard_export(*, viewer: AbstractBaseUser, table: str, filters: Filters) -> tuple[bytes, int]:
    """The table as an .xlsx file and its number of data rows."""
    header, rows = BUILDERS[table](viewer, filters)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count
