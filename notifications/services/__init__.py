"""Every write of the notifications app. Feature apps call `notification_send` (or
`notifications_send` for a batch); the names are re-exported here."""

from notifications.services.delivery import deliveries_send, deliveries_sweep, notifications_settle, retry_delay  # noqa: F401
from notifications.services.inbox import notification_mark_read, notifications_mark_all_read  # noqa: F401
from notifications.services.preferences import (  # noqa: F401
    UnknownChannel,
    channel_choices_reset,
    channel_choices_set,
    channel_defaults_set,
)
from notifications.services.sending import (  # noqa: F401
    NotificationRequest,
    channels_by_default,
    channels_chosen,
    notification_send,
    notifications_send,
)
