"""Background work of the skills app. Thin and safe to run twice: the services they call send each
reminder once, keep at most one waiting recommendation per person and build an export once."""

from django.tasks import task

from skills.selectors.dashboard import whole_company_summaries_recount
from skills.services import (
    dashboard_export_build,
    dashboard_exports_expire,
    dashboard_exports_stuck_fail,
    follow_up_reminders_send,
    promotion_recommendations_refresh,
)


@task
def follow_up_reminders() -> dict[str, int]:
    """Daily: remind evaluators of due follow-ups, again when overdue, escalate long-overdue ones."""
    return follow_up_reminders_send()


@task
def promotion_recommendations() -> int:
    """Daily: time in post grows without new evidence, so re-check who has become ready."""
    return promotion_recommendations_refresh()


@task
def dashboard_export_build_task(export_id: int) -> str | None:
    """Build a requested dashboard export (a ready export is not built again)."""
    export = dashboard_export_build(export_id=export_id)
    return export.status if export else None


@task
def dashboard_exports_stuck_fail_task() -> int:
    """Every few minutes: exports whose task was lost with its worker become "failed"."""
    return dashboard_exports_stuck_fail()


@task
def dashboard_exports_expire_task() -> int:
    """Every few hours: delete the files of exports older than a week."""
    return dashboard_exports_expire()


@task
def whole_company_summaries_recount_task() -> bool:
    """Every five minutes: the whole company's dashboard summaries counted again, so HR's page
    reads them from the cache instead of counting every person's evidence while HR waits."""
    return whole_company_summaries_recount()
