"""Reads of the notifications app: a person's inbox and its unread count, HR's delivery report."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Prefetch, Q, QuerySet

from core.cache import generation_cached, generations_renew, person_keys_register
from notifications.messages import Kind
from notifications.models import ChannelChoice, Delivery, Notification


def inbox(*, user: AbstractBaseUser) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


UNREAD_KEY = "notifications:unread:{}"
UNREAD_GENERATION_KEY = "notifications:unread:{}:generation"
UNREAD_TIMEOUT = 3600
person_keys_register(lambda user_id: [UNREAD_KEY.format(user_id), UNREAD_GENERATION_KEY.format(user_id)])


def unread_count(*, user: AbstractBaseUser) -> int:
    """The bell's number, drawn on every page: from the shared cache while the person's
    notifications are unchanged (one cache read), else one indexed count (notification_unread).
    Any new, read or deleted notification of the person starts a new generation
    (unread_count_forget), so the next page counts again."""
    if not user.is_authenticated:
        return 0
    return generation_cached(
        key=UNREAD_KEY.format(user.pk),
        generation_key=UNREAD_GENERATION_KEY.format(user.pk),
        load=lambda: Notification.objects.filter(user=user, read_at__isnull=True).count(),
        timeout=UNREAD_TIMEOUT,
        generation_timeout=UNREAD_TIMEOUT,
    )


def unread_count_forget(*, user_ids) -> None:
    """The people's bells count again at their next page: after notifications were created, read
    or deleted (connected to Notification's saves and deletes in notifications.apps, and called
    by the bulk writes that send no signal)."""
    generations_renew([UNREAD_GENERATION_KEY.format(user_id) for user_id in set(user_ids)], UNREAD_TIMEOUT)


def notification_changed(sender, instance, **kwargs) -> None:
    """Signal handler for a notification's save or delete."""
    unread_count_forget(user_ids=[instance.user_id])


def delivery_report() -> dict[str, int]:
    """HR's counts: notifications by status, and undelivered ones nobody has read in the inbox
    either (the people HR must reach another way)."""
    counts = Notification.objects.aggregate(
        pending=Count("pk", filter=Q(status=Notification.Status.PENDING)),
        delivered=Count("pk", filter=Q(status=Notification.Status.DELIVERED)),
        undelivered=Count("pk", filter=Q(status=Notification.Status.UNDELIVERED)),
        undelivered_unread=Count("pk", filter=Q(status=Notification.Status.UNDELIVERED, read_at__isnull=True)),
        inbox_only=Count("pk", filter=Q(status=Notification.Status.INBOX_ONLY)),
    )
    return counts


def undelivered(*, unread_only: bool = True) -> QuerySet[Notification]:
    """Undelivered notifications with their person and each channel's last error, newest first."""
    rows = Notification.objects.filter(status=Notification.Status.UNDELIVERED)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return (
        rows.select_related("user__staff_profile__site")
        .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("channel")))
        .order_by("-created_at", "-id")
    )


def channel_choices_of(*, user: AbstractBaseUser | None) -> dict[str, list[str]]:
    """{kind: channels} as chosen by `user` (None: the company's defaults); kinds not chosen are absent."""
    return {choice.kind: choice.channels for choice in ChannelChoice.objects.filter(user=user, kind__in=Kind.values)}
