"""Background work of the hours app: thin, takes ids, safe to run twice."""

from django.tasks import task

from hours.services import hours_export_build, hours_exports_expire


@task
def hours_export_build_task(export_id: int) -> str | None:
    """Build a requested 学时 export (a ready export is not built again)."""
    export = hours_export_build(export_id=export_id)
    return export.status if export else None


@task
def hours_exports_expire_task() -> int:
    """Every few hours: delete the files of 学时 exports older than EXPORT_KEEP_DAYS."""
    return hours_exports_expire()
