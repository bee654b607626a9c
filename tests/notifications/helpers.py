import datetime as dt

from django.utils import timezone

from notifications.models import Delivery
from notifications.services import deliveries_send, deliveries_sweep, notification_send
from tests.notifications.conftest import REMINDER


def remind(profile, key="follow_up:1:due", capture=None):
    """Notify `profile` and run what commits queue (the tests' immediate task backend sends it)."""
    if capture is None:
        return notification_send(user_id=profile.user_id, key=key, notice=REMINDER, params={"name": "李雷"})[0]
    with capture(execute=True):
        return notification_send(user_id=profile.user_id, key=key, notice=REMINDER, params={"name": "李雷"})[0]


def send_all_due(*, at=None) -> dict:
    """What the workers would do at `at`: send every delivery due then."""
    at = at or timezone.now()
    ids = list(Delivery.objects.values_list("pk", flat=True))
    return deliveries_send(delivery_ids=ids, now=at)


def later(seconds: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=seconds)


__all__ = ["deliveries_sweep", "later", "remind", "send_all_due"]
