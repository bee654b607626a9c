"""Background work for the API: applying a long roster sync, failing syncs lost with their worker,
and forgetting finished ones."""

import logging

from django.tasks import task

from api import roster

logger = logging.getLogger(__name__)


@task
def roster_sync_job_run_task(job_id: int) -> None:
    """Apply a queued roster sync. Safe to run twice: only a job still queued is applied."""
    try:
        roster.roster_sync_job_run(job_id=job_id)
    except Exception:
        logger.exception("Roster sync %s failed", job_id)
        roster.roster_sync_job_fail(job_id=job_id)
        raise


@task
def roster_syncs_stuck_fail_task() -> int:
    """Periodic: syncs whose worker was lost become "failed", for the HR system to send again."""
    return roster.roster_syncs_stuck_fail()


@task
def roster_syncs_expire_task() -> int:
    """Periodic: delete finished roster syncs after a week (safe to run any number of times)."""
    return roster.roster_syncs_expire()
