"""Periodic work for scenarios (listed in settings.LMS_PERIODIC_TASKS)."""

from django.tasks import task


@task
def scenario_runs_expire() -> int:
    """Take the timeout branch of every timed step whose deadline passed while nobody was
    playing, so an abandoned drill still ends the way the rules say. Safe to run twice."""
    from scenarios.services import scenario_runs_expire_due

    return scenario_runs_expire_due()
