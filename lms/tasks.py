"""Background work of the project shell: thin, safe to run twice."""

from django.tasks import task

from lms.digest import manager_digests_send


@task
def manager_digests_task() -> int:
    """Daily: each manager's weekly team digest, sent by the first run of the ISO week."""
    return manager_digests_send()
