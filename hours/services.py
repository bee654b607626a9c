"""Writes for 学时: posts' yearly targets and the background Excel export of the report."""

import datetime as dt
import logging
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.exports import ready_exports_expire
from core.models import AuditEvent
from core.services import audit_record
from hours.exports import hours_workbook
from hours.models import HoursExport, HoursTarget
from hours.selectors import HoursQuery, hours_report_allowed
from org.models import Post

logger = logging.getLogger(__name__)

EXPORT_KEEP_DAYS = 7  # the files name staff: deleted after a week (hours_exports_expire)


class HoursExportNotAllowed(Exception):
    pass


@transaction.atomic
def hours_target_set(*, post: Post, hours_per_year: Decimal, subject_area: str = "") -> HoursTarget:
    """Set a post's yearly target, overall (no subject area) or in one subject area. Setting it
    again replaces the figure: one target per post and area."""
    target, _created = HoursTarget.objects.update_or_create(
        post=post, subject_area=subject_area, defaults={"hours_per_year": hours_per_year}
    )
    return target


def hours_export_request(*, requester: AbstractBaseUser, query: HoursQuery) -> HoursExport:
    """Record the request and build the file in the background, after commit (managers and HR)."""
    if not hours_report_allowed(requester):
        raise HoursExportNotAllowed
    export = HoursExport.objects.create(requested_by=requester, filters=query.as_query())
    from hours.tasks import hours_export_build_task

    transaction.on_commit(lambda: hours_export_build_task.enqueue(export_id=export.pk))
    return export


def hours_export_build(*, export_id: int) -> HoursExport | None:
    """Build a queued export and mark it ready (or failed). Safe to run twice, also at once:
    only the run that moves it from queued to running builds it. The scope is the requester's
    as it is now: someone who no longer manages anyone gets a failed export."""
    claimed = HoursExport.objects.filter(pk=export_id, status=HoursExport.Status.QUEUED).update(
        status=HoursExport.Status.RUNNING
    )
    export = HoursExport.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or not claimed:
        return export
    content, rows, error = None, 0, ""
    try:
        if not hours_report_allowed(export.requested_by):
            raise HoursExportNotAllowed
        content, rows = hours_workbook(viewer=export.requested_by, query=HoursQuery.parse(export.filters))
    except HoursExportNotAllowed:
        error = HoursExport.ERROR_NOT_ALLOWED
    except Exception:  # noqa: BLE001 - any failure is recorded; its details go to the log only
        logger.exception("hours export %s failed", export_id)
        error = HoursExport.ERROR_FAILED
    with transaction.atomic():
        locked = HoursExport.objects.select_for_update().get(pk=export_id)
        locked.finished_at = timezone.now()
        if content is None:
            locked.status, locked.error = HoursExport.Status.FAILED, error
            locked.save(update_fields=["status", "error", "finished_at"])
            return locked
        locked.file.save("hours.xlsx", ContentFile(content), save=False)
        locked.status, locked.rows, locked.error = HoursExport.Status.READY, rows, ""
        locked.save(update_fields=["file", "status", "rows", "error", "finished_at"])
    return locked


def hours_export_open(*, export: HoursExport, actor: AbstractBaseUser) -> File:
    """Open a ready export for its requester; the download is audited as an export of personal
    data (with its period, grouping and number of rows)."""
    if export.status != HoursExport.Status.READY or export.requested_by_id != actor.pk:
        raise HoursExportNotAllowed
    audit_record(
        actor=actor,
        action=AuditEvent.Action.PERSONAL_EXPORT,
        obj=export,
        detail={"export": "hours", "filters": export.filters, "rows": export.rows},
    )
    return export.file.open("rb")


def hours_exports_expire(*, built_before: dt.datetime | None = None) -> int:
    """Delete the files of 学时 exports built before `built_before`, by default EXPORT_KEEP_DAYS
    ago: they name staff. The rows stay, marked expired, so the requester sees what became of
    them. Erasing a leaver's data expires every file built until then (on_personal_data_erase),
    since any of them may name the leaver. Safe to run twice or in two workers at once."""
    cutoff = built_before or timezone.now() - dt.timedelta(days=EXPORT_KEEP_DAYS)
    return ready_exports_expire(model=HoursExport, built_before=cutoff)
