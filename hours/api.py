"""/api/v1/hours/: the 学时 report in JSON, under the same scope rule as the page (managers their
scope, HR everyone), and each person's own hours. Read-only."""

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from hours.selectors import HoursQuery, HoursRow, hours_of_person, hours_report, hours_report_allowed

router = Router(tags=["hours"])


class HoursRowOut(Schema):
    key: int | None
    label: str
    employee_number: str | None = None
    staff: int
    credited_hours: Decimal
    measured_hours: Decimal
    target_hours: Decimal
    progress_percent: int | None


class HoursReportOut(Schema):
    since: str
    until: str
    by: str
    area: str
    page: int | None
    pages: int | None
    total: HoursRowOut
    rows: list[HoursRowOut]


def _out(row: HoursRow) -> dict:
    return {
        "key": row.key,
        "label": row.label,
        "employee_number": row.profile.employee_number if row.profile else None,
        "staff": row.staff,
        "credited_hours": row.credited,
        "measured_hours": row.measured_hours,
        "target_hours": row.target_rounded,
        "progress_percent": row.progress_percent,
    }


@router.get("/report", response=HoursReportOut, summary="学时 per person, department, site or post")
def report(request: HttpRequest, since: str = "", until: str = "", by: str = "site", area: str = "", page: int = 1):
    """Dates are YYYY-MM-DD (default: this calendar year); `by` is person, department, site or
    post; `area` a subject area code or empty for all. The person grouping is paginated."""
    viewer = request.user
    if not hours_report_allowed(viewer):
        raise HttpError(403, "Managers and HR only.")
    query = HoursQuery.parse({"since": since, "until": until, "by": by, "area": area})
    result = hours_report(viewer=viewer, query=query, page_number=max(page, 1))
    return {
        **query.as_query(),
        "page": result.page.number if result.page else None,
        "pages": result.page.paginator.num_pages if result.page else None,
        "total": _out(result.total),
        "rows": [_out(row) for row in result.rows],
    }


@router.get("/me", response=HoursRowOut, summary="My own 学时 over a period")
def me(request: HttpRequest, since: str = "", until: str = ""):
    profile = getattr(request.user, "staff_profile", None)
    if profile is None:
        raise HttpError(404, "Not Found")
    overall, _areas = hours_of_person(profile=profile, query=HoursQuery.parse({"since": since, "until": until}))
    return _out(overall)
