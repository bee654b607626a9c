"""Background work for quizzes. Tasks take ids (or nothing), call a service and are safe to run
twice: the sweep hands in through the exactly-once submit."""

from django.tasks import task

from quizzes.services import quiz_attempts_sweep as _sweep


@task
def quiz_attempts_sweep() -> int:
    """Close attempts whose time (plus grace) ran out and grade what was saved."""
    return _sweep()
