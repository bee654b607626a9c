"""Background work for accounts: sending a recovery code by text message."""

from django.tasks import task

from accounts import services


@task
def password_reset_code_send_task(reset_code_id: int) -> bool:
    """Make and send a recovery code. Safe to run twice: the second run sends nothing."""
    return services.password_reset_code_send(reset_code_id=reset_code_id)
