"""Excel exports of the managers' dashboard, built in the background.

A whole company's matrix takes seconds to build, longer than a request should hold a web worker,
so the manager asks for it (dashboard_export_request), a task builds it (dashboard_export_build)
and the manager downloads it from their exports page (dashboard_export_open, audited as an
export of personal data). The file is built with the requester's scope at the time of building,
from the read replica when there is one (core.db_router.reporting: it may lag the primary by a
moment)."""

import datetime as dt
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.db_router import reporting
from core.exports import ready_exports_expire
from core.models import AuditEvent
from core.services import audit_record
from org.models import Role
from org.selectors import user_role
from skills.exports import dashboard_export
from skills.models import DashboardExport
from skills.selectors.dashboard import Filters
from skills.services.announcements import dashboard_export_ready_notify

logger = logging.getLogger(__name__)

EXPORT_ROLES = (Role.MANAGER, Role.HR_ADMIN)
# A queued or running export not finished this long after it was asked for lost its task (a worker
# killed mid-build). The whole company's matrix takes about 8 s; the margin covers a long queue.
EXPORT_STUCK_MINUTES = 30
# Ready files hold staff personal data: they are deleted this long after they were built.
EXPORT_KEEP_DAYS = 7


class DashboardExportNotAllowed(Exception):
    pass


@transaction.atomic
def dashboard_export_request(*, requester: AbstractBaseUser, table: str, filters: Filters) -> DashboardExport:
    """Record the request and queue its build after commit."""
    if user_role(requester) not in EXPORT_ROLES:
        raise DashboardExportNotAllowed
    export = DashboardExport.objects.create(
        requested_by=requester, table=DashboardExport.Table(table), filters=filters.as_query()
    )
    from skills.tasks import dashboard_export_build_task

    transaction.on_commit(lambda: dashboard_export_build_task.enqueue(export_id=export.pk))
    return export


def dashboard_export_build(*, export_id: int) -> DashboardExport | None:
    """Build a queued export's file and mark it ready, or failed with the error.

    Safe to run twice, also at the same time: only the run that moves the export from "queued" to
    "running" builds it; a ready, failed or expired export is left as it is. The scope is the
    requester's as it is now: someone who is no longer a manager gets a failed export."""
    export = DashboardExport.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None:
        return None
    claimed = DashboardExport.objects.filter(pk=export_id, status=DashboardExport.Status.QUEUED).update(
        status=DashboardExport.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        export.refresh_from_db()
        return export
    content, rows, error_text = None, 0, ""
    try:
        if user_role(export.requested_by) not in EXPORT_ROLES:
            raise DashboardExportNotAllowed("the requester no longer manages anyone")
        with reporting():
            content, rows = dashboard_export(
                viewer=export.requested_by, table=export.table, filters=Filters.parse(export.filters)
            )
    except DashboardExportNotAllowed:
        error_text = DashboardExport.ERROR_NOT_ALLOWED
    except Exception:  # noqa: BLE001 - any failure is recorded; its details go to the log only
        logger.exception("dashboard export %s failed", export_id)
        error_text = DashboardExport.ERROR_FAILED
    with transaction.atomic():
        locked = DashboardExport.objects.select_for_update().get(pk=export_id)
        if locked.status != DashboardExport.Status.RUNNING:
            return locked  # the stuck sweep gave up on it meanwhile; the requester asks again
        locked.finished_at = timezone.now()
        if content is None:
            locked.status = DashboardExport.Status.FAILED
            locked.error = error_text
            locked.save(update_fields=["status", "error", "finished_at"])
            return locked
        locked.file.save(f"{locked.table}.xlsx", ContentFile(content), save=False)
        locked.status = DashboardExport.Status.READY
        locked.rows = rows
        locked.error = ""
        locked.save(update_fields=["file", "status", "rows", "error", "finished_at"])
        dashboard_export_ready_notify(export=locked)
    return locked


def dashboard_export_open(*, export: DashboardExport, actor: AbstractBaseUser) -> File:
    """Open a ready export's file for its requester, recording the download in the audit log as
    an export of personal data (with its table, filters and number of rows)."""
    if export.status != DashboardExport.Status.READY or export.requested_by_id != actor.pk:
        raise DashboardExportNotAllowed
    audit_record(
        actor=actor,
        action=AuditEvent.Action.PERSONAL_EXPORT,
        obj=export,
        detail={"export": f"skills.{export.table}", "filters": export.filters, "rows": export.rows},
    )
    return export.file.open("rb")


def dashboard_exports_stuck_fail(*, now: dt.datetime | None = None) -> int:
    """Mark exports whose task was lost (a worker killed) as failed, so the requester sees it and
    asks again. Safe to run any number of times and at the same time as a late task: the task
    only builds a queued export and only saves a running one."""
    cutoff = (now or timezone.now()) - dt.timedelta(minutes=EXPORT_STUCK_MINUTES)
    stuck = DashboardExport.objects.filter(
        Q(status=DashboardExport.Status.QUEUED, created_at__lt=cutoff)
        | Q(status=DashboardExport.Status.RUNNING, started_at__lt=cutoff)
    )
    count = stuck.update(
        status=DashboardExport.Status.FAILED, error=DashboardExport.ERROR_LOST, finished_at=timezone.now()
    )
    if count:
        logger.warning("marked %s dashboard exports stuck in the queue as failed", count)
    return count


def dashboard_exports_expire(*, built_before: dt.datetime | None = None) -> int:
    """Delete the files of exports built before `built_before`, by default EXPORT_KEEP_DAYS ago
    (they hold staff personal data); the rows stay, marked expired, so the requester sees what
    happened to them. Erasing a leaver's data expires every file built until then, since any of
    them may name the leaver."""
    cutoff = built_before or timezone.now() - dt.timedelta(days=EXPORT_KEEP_DAYS)
    return ready_exports_expire(model=DashboardExport, built_before=cutoff)
