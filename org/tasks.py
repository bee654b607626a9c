"""Background work for org: importing a long roster, and forgetting uploads never imported."""

import logging

from django.contrib.auth import get_user_model
from django.tasks import task

from org import services
from org.models import RosterImport

logger = logging.getLogger(__name__)


@task
def roster_import_confirm_task(roster_import_id: int, actor_id: int) -> None:
    """Import a queued roster. Safe to run twice: an imported roster is left alone."""
    roster_import = RosterImport.objects.filter(pk=roster_import_id).first()
    if roster_import is None or roster_import.status != RosterImport.Status.QUEUED:
        return
    actor = get_user_model().objects.filter(pk=actor_id).first()
    try:
        services.roster_import_confirm(roster_import=roster_import, actor=actor)
    except services.RosterImportError:
        return
    except Exception:
        logger.exception("Roster %s failed to import", roster_import_id)
        services.roster_import_fail(roster_import_id=roster_import_id)
        raise


@task
def roster_imports_expire() -> int:
    """Periodic: delete roster uploads that were never imported (safe to run any number of times)."""
    return services.roster_imports_expire()


@task
def roster_imports_stuck_fail() -> int:
    """Periodic: imports whose task was lost with its worker become "failed", to be retried."""
    return services.roster_imports_stuck_fail()
