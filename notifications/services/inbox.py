"""The person's own inbox: reading marks a notification read (a POST, never a GET)."""

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from notifications.models import Notification
from notifications.selectors import unread_count_forget


def notification_mark_read(*, user: AbstractBaseUser, notification_id: int) -> Notification | None:
    """Mark one of the person's own notifications read (again: nothing changes). None when it is
    not theirs, so nobody can learn or touch another person's notifications by id."""
    notification = Notification.objects.filter(pk=notification_id, user=user).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: AbstractBaseUser) -> int:
    """Mark every unread notification of the person read; returns how many were unread."""
    marked = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    unread_count_forget(user_ids=[user.pk])  # an update sends no signal
    return marked
