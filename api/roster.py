"""HR roster sync through the API: each row is upserted with org.services.staff_upsert (the path
the spreadsheet import and the demo take). A short sync is applied while the HR system waits,
each row in its own savepoint so one bad row does not undo the others; a long one is queued as a
RosterSyncJob and applied all-or-nothing by a task worker. Text is sanitised; fields a row leaves out keep their current value, so a partial feed
from the HR system never demotes a manager or drops a department."""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from api.models import RosterSyncJob
from core.models import AuditEvent
from core.sanitize import sanitize_text
from core.services import audit_record
from org.models import CHANNEL_USER_ID_PATTERN, Department, Post, Site, StaffProfile
from org.services import staff_upsert

MAX_ROWS = 500


class RowError(Exception):
    pass


@dataclass
class RowResult:
    employee_number: str
    status: str  # created | updated | error
    error: str | None = None


def clean_text(value: str | None, *, max_length: int) -> str:
    """Plain text only: markup stripped, control characters (NUL included) removed."""
    text = sanitize_text(value or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return text.strip()[:max_length]


_PHONE = re.compile(r"^1[3-9]\d{9}$")
_CHANNEL_USER_ID = re.compile(CHANNEL_USER_ID_PATTERN)


def _contacts(row: dict, number: str) -> dict[str, str | None]:
    """Email and WeCom / DingTalk user ids of a row: None when the row leaves them out (kept),
    "" to clear, else sanitised and checked; an id another person has is refused."""
    contacts: dict[str, str | None] = {}
    email = row.get("email")
    if email is not None:
        email = clean_text(email, max_length=254)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise RowError("email is not an email address")
    contacts["email"] = email
    for name in ("wecom_userid", "dingtalk_userid"):
        value = row.get(name)
        if value is not None:
            value = clean_text(value, max_length=64)
            if value and not _CHANNEL_USER_ID.match(value):
                raise RowError(f"{name} may only use letters, digits, _ - . and @")
            if value and StaffProfile.objects.filter(**{name: value}).exclude(employee_number=number).exists():
                raise RowError(f"{name} belongs to another staff member")
        contacts[name] = value
    return contacts


def _row_upsert(row: dict) -> bool:
    number = clean_text(row["employee_number"], max_length=32)
    name = clean_text(row["name"], max_length=50)
    if not number or not name:
        raise RowError("employee_number and name must contain text")
    phone = (row.get("phone") or "").strip()
    if phone and not _PHONE.match(phone):
        raise RowError("phone must be a mainland mobile number")
    contacts = _contacts(row, number)
    existing = StaffProfile.objects.select_related("site", "post", "department", "manager", "mentor").filter(
        employee_number=number
    )
    current = existing.first()

    site = current.site if current else None
    if row.get("site_code") is not None:
        site = Site.objects.filter(code=row["site_code"]).first()
        if site is None:
            raise RowError("unknown site_code")
    post = current.post if current else None
    if row.get("post_code") is not None:
        post = Post.objects.filter(code=row["post_code"]).first()
        if post is None:
            raise RowError("unknown post_code")
    department = current.department if current else None
    if row.get("department") is not None:
        department_name = clean_text(row["department"], max_length=100)
        department = Department.objects.filter(site=site, name=department_name).first() if site else None
        if department is None:
            raise RowError("unknown department for this site")
    manager = current.manager if current else None
    if row.get("manager_employee_number") is not None:
        manager = StaffProfile.objects.filter(employee_number=row["manager_employee_number"]).first()
        if manager is None:
            raise RowError("unknown manager_employee_number")
    hire_date: dt.date | None = row.get("hire_date") or (current.hire_date if current else None)
    role = row.get("role") or (current.role if current else "trainee")

    _, created = staff_upsert(
        employee_number=number,
        name=name,
        phone=phone if row.get("phone") is not None else (current.phone if current else ""),
        post=post,
        site=site,
        department=department,
        hire_date=hire_date,
        role=role,
        manager=manager,
        mentor=current.mentor if current else None,
        **contacts,
    )
    return created


def _rows_upsert(rows: list[dict]) -> list[RowResult]:
    """Upsert each row in its own savepoint: a bad row is reported and leaves the others be."""
    results = []
    for row in rows[:MAX_ROWS]:
        number = str(row.get("employee_number", ""))[:32]
        try:
            with transaction.atomic():
                created = _row_upsert(row)
        except RowError as error:
            results.append(RowResult(employee_number=number, status="error", error=str(error)))
        else:
            results.append(RowResult(employee_number=number, status="created" if created else "updated"))
    return results


def _sync_audit(*, actor: AbstractBaseUser | None, results: list[RowResult], **extra) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ROSTER_IMPORT,
        detail={
            "source": "api",
            **extra,
            "created": sum(r.status == "created" for r in results),
            "updated": sum(r.status == "updated" for r in results),
            "errors": sum(r.status == "error" for r in results),
        },
    )


def roster_rows_upsert(*, actor: AbstractBaseUser, rows: list[dict]) -> list[RowResult]:
    """Upsert each row; return what happened to each. One audit event records the sync (counts
    only, no personal data)."""
    results = _rows_upsert(rows)
    _sync_audit(actor=actor, results=results)
    return results


def roster_sync_inline(*, rows: list[dict]) -> bool:
    """A sync this short is applied while the HR system waits (about 45 ms a row, row by row);
    a longer one would run into the worker timeout, so it goes to the task queue."""
    return len(rows) <= settings.ROSTER_SYNC_INLINE_MAX_ROWS


@transaction.atomic
def roster_sync_queue(*, actor: AbstractBaseUser, rows: list[dict]) -> RosterSyncJob:
    """Store a long sync as a job and queue its task once the job is committed."""
    from api.tasks import roster_sync_job_run_task

    job = RosterSyncJob.objects.create(requested_by=actor, rows=rows[:MAX_ROWS], row_count=len(rows[:MAX_ROWS]))
    transaction.on_commit(lambda: roster_sync_job_run_task.enqueue(job_id=job.pk))
    return job


class _RowsInvalid(Exception):
    def __init__(self, results: list[RowResult]):
        self.results = results


def _job_results(results: list[RowResult]) -> list[dict]:
    return [
        {"row": i, "employee_number": r.employee_number, "status": r.status, "error": r.error}
        for i, r in enumerate(results, start=1)
    ]


def roster_sync_job_run(*, job_id: int) -> RosterSyncJob | None:
    """Apply a queued sync all-or-nothing. Every row is tried in one transaction (rows may name
    a manager created by an earlier row, as in the synchronous path); if any row is invalid the
    transaction is rolled back, nothing is applied and the job fails with every invalid row
    named by its number and its problem. The job row is locked and moved from queued to running
    first, so a task run twice, or twice at once, applies the sync once. A worker killed while
    applying leaves nothing applied (the transaction is rolled back) and the job running, until
    roster_syncs_stuck_fail marks it failed."""
    with transaction.atomic():
        job = RosterSyncJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != RosterSyncJob.Status.QUEUED:
            return None
        job.status = RosterSyncJob.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    try:
        with transaction.atomic():
            job = RosterSyncJob.objects.select_for_update().get(pk=job_id)
            if job.status != RosterSyncJob.Status.RUNNING:
                return None
            results = _rows_upsert(job.rows)
            if any(r.status == "error" for r in results):
                raise _RowsInvalid(results)
            job.status = RosterSyncJob.Status.DONE
            job.created = sum(r.status == "created" for r in results)
            job.updated = sum(r.status == "updated" for r in results)
            job.results = _job_results(results)
            job.rows = []
            job.finished_at = timezone.now()
            job.save()
            _sync_audit(actor=job.requested_by, results=results, job=job.pk)
            return job
    except _RowsInvalid as invalid:
        # Nothing was applied: the valid rows are reported as skipped, each invalid one with its
        # row number and problem.
        results = [
            RowResult(
                employee_number=r.employee_number,
                status="error" if r.status == "error" else "skipped",
                error=f"row {i}: {r.error}" if r.status == "error" else None,
            )
            for i, r in enumerate(invalid.results, start=1)
        ]
        with transaction.atomic():
            job = RosterSyncJob.objects.select_for_update().get(pk=job_id)
            job.status = RosterSyncJob.Status.FAILED
            job.created = job.updated = 0
            job.errors = sum(r.status == "error" for r in results)
            job.results = _job_results(results)
            job.rows = []
            job.finished_at = timezone.now()
            job.save()
            _sync_audit(actor=job.requested_by, results=results, job=job.pk, applied=False)
        return job


def roster_sync_job_fail(*, job_id: int) -> None:
    """Record that a job's task crashed (its transaction was rolled back: nothing was applied)."""
    RosterSyncJob.objects.filter(
        pk=job_id, status__in=[RosterSyncJob.Status.QUEUED, RosterSyncJob.Status.RUNNING]
    ).update(status=RosterSyncJob.Status.FAILED, rows=[], finished_at=timezone.now())


# A job still queued or running this long after it was queued lost its worker: its transaction
# was rolled back, so nothing of it was applied. A 500-row sync takes a few seconds.
ROSTER_SYNC_STUCK_MINUTES = 30


def roster_syncs_stuck_fail(*, now: dt.datetime | None = None) -> int:
    """Mark jobs stuck in the queue as failed, so the HR system sees it and sends the sync again
    (nothing of a stuck job was applied). Safe to run any number of times and beside a late
    task: the task applies only a job it moved from queued to running itself, and holds the
    job's row lock while it applies."""
    cutoff = (now or timezone.now()) - dt.timedelta(minutes=ROSTER_SYNC_STUCK_MINUTES)
    return RosterSyncJob.objects.filter(
        status__in=[RosterSyncJob.Status.QUEUED, RosterSyncJob.Status.RUNNING], created_at__lt=cutoff
    ).update(status=RosterSyncJob.Status.FAILED, rows=[], finished_at=timezone.now())


# A finished job's report is for the HR system to read soon after; it names staff by employee
# number, so it is not kept for ever (nor left behind when a leaver's data is erased).
ROSTER_SYNC_KEEP_DAYS = 7


def roster_syncs_expire(*, now: dt.datetime | None = None) -> int:
    """Delete finished (done or failed) sync jobs older than ROSTER_SYNC_KEEP_DAYS; their status
    URL then answers 404. Safe to run any number of times."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=ROSTER_SYNC_KEEP_DAYS)
    deleted, _ = RosterSyncJob.objects.filter(
        status__in=[RosterSyncJob.Status.DONE, RosterSyncJob.Status.FAILED], created_at__lt=cutoff
    ).delete()
    return deleted
