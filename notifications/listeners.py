"""The notifications app's answers to HR's personal-data export and erasure (core.personal_data)."""

from django.conf import settings

from core.personal_data import PersonalDataErased, PersonalDataExportRequested
from notifications.models import ChannelChoice, Notification


def on_personal_data_export(event: PersonalDataExportRequested) -> None:
    notifications = Notification.objects.filter(user_id=event.user_id).prefetch_related("deliveries")
    event.sections["notifications"] = {
        "channels": {c.kind: c.channels for c in ChannelChoice.objects.filter(user_id=event.user_id)},
        "notifications": [
            {
                "title": n.rendered(language=settings.NOTIFICATION_LANGUAGE)[0],
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
                "status": n.status,
                "deliveries": [
                    {"channel": d.channel, "address": d.address, "status": d.status} for d in n.deliveries.all()
                ],
            }
            for n in notifications
        ],
    }


def on_personal_data_erase(event: PersonalDataErased) -> None:
    """Messages and the addresses they went to are no learning record: they go."""
    Notification.objects.filter(user_id=event.user_id).delete()
    ChannelChoice.objects.filter(user_id=event.user_id).delete()
