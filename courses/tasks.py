"""Background work of the courses app: thin, safe to run twice (a reminder is sent once per
person, item and step)."""

from django.tasks import task

from courses.reminders import course_due_reminders_send, programme_day_reminders_send


@task
def course_reminders_task() -> dict[str, int]:
    """Daily (the day's period starts at 08:00 Beijing time): training due soon or overdue, and
    the programme days starting today."""
    return {**course_due_reminders_send(), "programme_days": programme_day_reminders_send()}
