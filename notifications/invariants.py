"""The notifications app's invariants (core.integrity; written down in docs/invariants.md): a
notification counted as delivered went out through at least one channel, and a delivery counted as
sent had an address and a time."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from core.integrity import Violation, violation
from notifications.models import Delivery, Notification


def notifications_reached_a_channel() -> list[Violation]:
    """Delivered means an outside channel took it: a delivered notification has a sent delivery
    and the time it was delivered; undelivered means none did. A delivery counted as sent went to
    an address, at a recorded time. Two queries."""
    invariant = "notifications.channel"
    sent = Delivery.objects.filter(notification=OuterRef("pk"), status=Delivery.Status.SENT)
    found = []
    rows = (
        Notification.objects.annotate(was_sent=Exists(sent))
        .filter(
            Q(status=Notification.Status.DELIVERED, was_sent=False)
            | Q(status=Notification.Status.DELIVERED, delivered_at__isnull=True)
            | Q(status=Notification.Status.UNDELIVERED, was_sent=True)
        )
        .values_list("pk", "status", "was_sent")
        .order_by("pk")
    )
    for pk, status, was_sent in rows:
        if status == Notification.Status.UNDELIVERED:
            message = _("It is counted as undelivered, but a channel sent it.")
        elif not was_sent:
            message = _("It is counted as delivered, but no channel sent it.")
        else:
            message = _("It is counted as delivered, but not when.")
        found.append(violation(invariant, Notification, pk, message))
    found += [
        violation(
            invariant,
            Delivery,
            pk,
            _("It is counted as sent, but it had no address or no time it was sent."),
            related=[(Notification, notification_id)],
        )
        for pk, notification_id in Delivery.objects.filter(status=Delivery.Status.SENT)
        .filter(Q(address="") | Q(sent_at__isnull=True))
        .values_list("pk", "notification_id")
        .order_by("pk")
    ]
    return found
