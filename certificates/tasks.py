"""Background work for certificates. Each task takes ids, calls one service and is safe to run
twice (the services are idempotent)."""

from django.tasks import task

from certificates import services


@task()
def certificate_render_task(certificate_id: int) -> str:
    """Render a certificate's PDF (a ready certificate is left as it is)."""
    return services.certificate_render(certificate_id=certificate_id).status


@task()
def certificates_render_stuck_requeue_task() -> int:
    """Every few minutes: queue again the certificates whose render was lost with a worker."""
    return services.certificates_render_stuck_requeue()


@task()
def certificate_expiry_reminders_task() -> int:
    """Daily: reminders 60/30/7 days before expiry and refresher assignment (see the service)."""
    return services.certificate_expiry_reminders_send()
