from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Each app declares the messages it sends in its own `notices.py` (notifications.messages.Notice);
        # importing them all here fills the registry an inbox row's message id is looked up in.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("notices")

        from django.db.models.signals import post_delete, post_save

        from notifications.models import Notification
        from notifications.selectors import notification_changed

        post_save.connect(notification_changed, sender=Notification, dispatch_uid="notification_unread_save")
        post_delete.connect(notification_changed, sender=Notification, dispatch_uid="notification_unread_delete")
