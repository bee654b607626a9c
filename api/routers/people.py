"""/api/v1/people/: a manager's team (staff_visible_to, as on the staff page), one person's
record, and the HR system's roster sync (HR admins and their tokens only), a long one queued
with a status URL."""

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import field_validator

from api.models import RosterSyncJob
from api.roster import MAX_ROWS, roster_rows_upsert, roster_sync_inline, roster_sync_queue
from api.schemas import AUTH_ERRORS, ErrorOut
from api.selectors import roster_sync_job_visible_to
from org.models import Role, StaffProfile
from org.selectors import staff_visible_to, user_role

router = Router(tags=["people"])

EmployeeNumber = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]


class StaffOut(Schema):
    employee_number: str
    name: str
    role: str
    site_code: str | None
    site_name: str | None
    post_code: str | None
    department: str | None
    hire_date: dt.date | None
    phone_masked: str
    left_at: dt.date | None


class TeamOut(Schema):
    count: int
    items: list[StaffOut]


class TeamQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=100000)


def staff_out(p: StaffProfile) -> StaffOut:
    return StaffOut(
        employee_number=p.employee_number,
        name=p.name,
        role=p.role,
        site_code=p.site.code if p.site else None,
        site_name=p.site.name if p.site else None,
        post_code=p.post.code if p.post else None,
        department=p.department.name if p.department else None,
        hire_date=p.hire_date,
        phone_masked=p.masked_phone if p.phone else "",
        left_at=p.left_at,
    )


def _require(request: HttpRequest, *roles: str) -> None:
    if user_role(request.user) not in roles:
        raise HttpError(403, "Forbidden")


@router.get("/team", response={200: TeamOut, **AUTH_ERRORS}, summary="Staff in my scope (managers, HR)")
def team_api(request: HttpRequest, query: Query[TeamQuery]):
    _require(request, Role.MANAGER, Role.HR_ADMIN)
    staff = (
        staff_visible_to(request.user)
        .exclude(user=request.user)
        .select_related("site", "post", "department")
        .order_by("site__code", "employee_number")
    )
    items = [staff_out(p) for p in staff[query.offset : query.offset + query.limit]]
    return TeamOut(count=staff.count(), items=items)


@router.get(
    "/staff/{employee_number}",
    response={200: StaffOut, 404: ErrorOut, **AUTH_ERRORS},
    summary="One staff member, if in my scope",
)
def staff_detail_api(request: HttpRequest, employee_number: EmployeeNumber):
    profile = (
        staff_visible_to(request.user)
        .select_related("site", "post", "department")
        .filter(employee_number=employee_number)
        .first()
    )
    if profile is None:
        raise HttpError(404, "Not found")
    return staff_out(profile)


class RosterRowIn(Schema):
    employee_number: EmployeeNumber
    name: str = Field(min_length=1, max_length=200)  # sanitised, then at most 50 characters kept
    phone: str | None = Field(None, pattern=r"^(1[3-9]\d{9})?$")
    site_code: str | None = Field(None, max_length=32)
    post_code: str | None = Field(None, max_length=32)
    department: str | None = Field(None, max_length=100)
    hire_date: dt.date | None = None
    role: Role | None = None
    manager_employee_number: EmployeeNumber | None = None
    # Left out: kept as they are; "" clears them. Checked and sanitised in api.roster.
    email: str | None = Field(None, max_length=254)
    wecom_userid: str | None = Field(None, max_length=64)
    dingtalk_userid: str | None = Field(None, max_length=64)

    @field_validator("hire_date", mode="before")
    @classmethod
    def hire_date_is_an_iso_string(cls, value):
        # Pydantic would read a number as a Unix time; the HR system must send "YYYY-MM-DD".
        if value is not None and not isinstance(value, str | dt.date):
            raise ValueError("hire_date must be a date string YYYY-MM-DD")
        return value


class RosterIn(Schema):
    rows: list[RosterRowIn] = Field(min_length=1, max_length=MAX_ROWS)


class RosterRowResultOut(Schema):
    employee_number: str
    status: str
    error: str | None


class RosterOut(Schema):
    created: int
    updated: int
    errors: int
    rows: list[RosterRowResultOut]


class RosterSyncRowOut(RosterRowResultOut):
    row: int


class RosterSyncReportOut(Schema):
    created: int
    updated: int
    errors: int
    rows: list[RosterSyncRowOut]


class RosterSyncJobOut(Schema):
    id: int
    status: str = Field(description="queued, running, done (every row applied) or failed (nothing applied)")
    status_url: str
    row_count: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    report: RosterSyncReportOut | None = Field(
        description="When done or failed: each row's outcome; a failed sync names every invalid row"
    )


def roster_sync_job_out(job: RosterSyncJob) -> RosterSyncJobOut:
    finished = job.status in (RosterSyncJob.Status.DONE, RosterSyncJob.Status.FAILED)
    return RosterSyncJobOut(
        id=job.pk,
        status=job.status,
        status_url=reverse("api-v1:roster_sync_job", kwargs={"job_id": job.pk}),
        row_count=job.row_count,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        report=RosterSyncReportOut(
            created=job.created,
            updated=job.updated,
            errors=job.errors,
            rows=[RosterSyncRowOut(**r) for r in job.results],
        )
        if finished
        else None,
    )


@router.post(
    "/roster",
    response={200: RosterOut, 202: RosterSyncJobOut, 400: ErrorOut, **AUTH_ERRORS},
    summary="Roster sync from the HR system",
)
def roster_sync_api(request: HttpRequest, payload: RosterIn):
    """Create or update staff by employee number. Fields left out keep their current value.
    Up to ROSTER_SYNC_INLINE_MAX_ROWS rows (50) are applied at once: each row succeeds or fails
    on its own and the answer (200) lists what happened to each. A longer sync is queued (202):
    poll its status_url; a worker applies it all-or-nothing (one invalid row and nothing is
    applied; the report names every invalid row)."""
    _require(request, Role.HR_ADMIN)
    rows = [row.dict() for row in payload.rows]
    if not roster_sync_inline(rows=rows):
        return 202, roster_sync_job_out(roster_sync_queue(actor=request.user, rows=rows))
    results = roster_rows_upsert(actor=request.user, rows=rows)
    return RosterOut(
        created=sum(r.status == "created" for r in results),
        updated=sum(r.status == "updated" for r in results),
        errors=sum(r.status == "error" for r in results),
        rows=[RosterRowResultOut(employee_number=r.employee_number, status=r.status, error=r.error) for r in results],
    )


@router.get(
    "/roster/syncs/{job_id}",
    response={200: RosterSyncJobOut, 404: ErrorOut, **AUTH_ERRORS},
    summary="A queued roster sync: its status and, when finished, its report",
    url_name="roster_sync_job",
)
def roster_sync_job_api(request: HttpRequest, job_id: Annotated[int, Path(ge=1, le=2**31 - 1)]):
    _require(request, Role.HR_ADMIN)
    job = roster_sync_job_visible_to(user=request.user, job_id=job_id)
    if job is None:
        raise HttpError(404, "Not found")
    return roster_sync_job_out(job)
