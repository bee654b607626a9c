"""Background work of the notifications app: thin, taking ids, safe to run twice (a delivery is
claimed before it is sent, so a second task for the same ids sends nothing)."""

from django.tasks import task

from notifications import services


@task
def deliveries_send_task(delivery_ids: list[int]) -> dict[str, int]:
    """Send a batch of deliveries (queued after the notifications' transaction commits, and again
    for retries when they are due)."""
    return services.deliveries_send(delivery_ids=delivery_ids)


@task
def deliveries_sweep_task() -> int:
    """Every minute: queue deliveries whose task was lost or whose worker died mid-send."""
    return services.deliveries_sweep()
