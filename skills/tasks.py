"""Periodic work (settings.LMS_PERIODIC_TASKS). Thin and safe to run twice: the services they
call send each reminder once and keep at most one waiting recommendation per person."""

from django.tasks import task

from skills.services import follow_up_reminders_send, promotion_recommendations_refresh


@task
def follow_up_reminders() -> dict[str, int]:
    """Daily: remind evaluators of due follow-ups, again when overdue, escalate long-overdue ones."""
    return follow_up_reminders_send()


@task
def promotion_recommendations() -> int:
    """Daily: time in post grows without new evidence, so re-check who has become ready."""
    return promotion_recommendations_refresh()
