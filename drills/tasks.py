"""Background work of the drills app: thin, safe to run twice (a reminder is sent once per
manager, site, drill type, due date and step)."""

from django.tasks import task

from drills.reminders import drill_due_reminders_send


@task
def drill_due_reminders_task() -> dict[str, int]:
    """Daily: remind the managers of each site whose required drill is due soon or overdue."""
    return drill_due_reminders_send()
