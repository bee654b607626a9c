"""Creating notifications: one per person, item and step, with a delivery per outside channel the
person gets it through, queued to the task workers after commit."""

import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.channels import Recipient, enabled_channels
from notifications.messages import Channel, Kind, Notice
from notifications.models import ChannelChoice, Delivery, Notification
from notifications.selectors import unread_count_forget


@dataclass(frozen=True, kw_only=True)
class NotificationRequest:
    """One notification to create: for `user_id`, about the item and step `key` (unique per
    person), saying `notice` filled with `params`, or `title`/`body` given in both languages."""

    user_id: int
    key: str
    notice: Notice | None = None
    params: dict = field(default_factory=dict)
    kind: str = ""
    title: dict = field(default_factory=dict)
    body: dict = field(default_factory=dict)
    url: str = ""

    def __post_init__(self):
        if not 0 < len(self.key) <= 150:
            raise ValueError("a notification key is 1 to 150 characters")
        if self.notice is None and not (self.kind and self.title):
            raise ValueError("a notification needs a notice, or a kind and a title in both languages")
        if self.notice is None and self.kind not in Kind.values:
            raise ValueError(f"unknown notification kind {self.kind!r}")

    @property
    def kind_code(self) -> str:
        return self.notice.kind if self.notice else self.kind


Sent = tuple[Notification | None, bool]


def notification_send(
    *,
    user_id: int,
    key: str,
    notice: Notice | None = None,
    params: dict | None = None,
    kind: str = "",
    title: dict | None = None,
    body: dict | None = None,
    url: str = "",
) -> Sent:
    """Notify one person once about one item at one step (`key`, e.g. "follow_up:123:due").

    Returns (notification, created). A second call with the same person and key – a second
    scheduler run, a retried task, a racing worker – creates nothing and sends nothing: the
    database's unique constraint decides. People who left, were erased or cannot sign in get
    nothing (None, False). The notification is in the person's inbox at once; each outside channel
    they get it through is sent by the task workers after commit, with retries."""
    request = NotificationRequest(
        user_id=user_id,
        key=key,
        notice=notice,
        params=params or {},
        kind=kind,
        title=title or {},
        body=body or {},
        url=url,
    )
    return notifications_send(requests=[request])[0]


@transaction.atomic
def notifications_send(*, requests: list[NotificationRequest]) -> list[Sent]:
    """Many notifications in a constant number of queries (the scheduler's reminder runs), each
    once per person and key; answers (notification, created) in the order asked."""
    if not requests:
        return []
    user_ids = {r.user_id for r in requests}
    recipients = _recipients(user_ids)
    existing = {
        (n.user_id, n.key): n
        for n in Notification.objects.filter(user_id__in=user_ids, key__in={r.key for r in requests})
    }
    chosen = channels_chosen(user_ids=user_ids, kinds={r.kind_code for r in requests})
    enabled = enabled_channels()
    now = timezone.now()
    fresh: dict[tuple[int, str], tuple[Notification, list[Delivery]]] = {}
    for request in requests:
        identity = (request.user_id, request.key)
        recipient = recipients.get(request.user_id)
        if identity in existing or identity in fresh or recipient is None:
            continue
        deliveries, status = _plan(recipient, chosen[(request.user_id, request.kind_code)], enabled, now)
        fresh[identity] = (_notification(request, status), deliveries)
    if fresh:
        _save(fresh, existing)
    answers: list[Sent] = []
    answered: set[tuple[int, str]] = set()
    for request in requests:
        identity = (request.user_id, request.key)
        planned = fresh.get(identity)
        if planned is not None and planned[0].pk is not None:
            answers.append((planned[0], identity not in answered))
        else:
            answers.append((existing.get(identity), False))
        answered.add(identity)
    return answers


def _notification(request: NotificationRequest, status: str) -> Notification:
    return Notification(
        user_id=request.user_id,
        kind=request.kind_code,
        key=request.key,
        message_id=request.notice.id if request.notice else "",
        params={name: _plain(value) for name, value in request.params.items()},
        title=request.title,
        body=request.body,
        url=request.url[:300],
        status=status,
    )


def _plain(value):
    """Parameters are stored as JSON: dates as ISO text, numbers and text as they are."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _save(fresh: dict, existing: dict) -> None:
    """Insert the new notifications and their deliveries. If another process inserted one of them
    since we looked (a second scheduler in the same minute), fall back to one at a time so that
    only the racing rows are skipped."""
    try:
        with transaction.atomic():
            Notification.objects.bulk_create([notification for notification, _d in fresh.values()])
            # bulk_create sends no signal: the people's bells count again.
            unread_count_forget(user_ids=[notification.user_id for notification, _d in fresh.values()])
    except IntegrityError:
        for identity, (notification, _d) in fresh.items():
            try:
                with transaction.atomic():
                    notification.save(force_insert=True)
            except IntegrityError:
                notification.pk = None
                existing[identity] = Notification.objects.get(user_id=identity[0], key=identity[1])
    deliveries = []
    for notification, planned in fresh.values():
        if notification.pk is None:
            continue
        for delivery in planned:
            delivery.notification = notification
            deliveries.append(delivery)
    Delivery.objects.bulk_create(deliveries)
    deliveries_enqueue_after_commit(
        delivery_ids=[d.pk for d in deliveries if d.status == Delivery.Status.PENDING],
    )


def _plan(recipient: Recipient, chosen: list[str], enabled: dict, now) -> tuple[list[Delivery], str]:
    """The deliveries of one notification and its starting status.

    Every chosen channel that is configured and has the person's address gets a delivery. SMS is
    the channel of last resort: someone with a phone and no address on any chosen channel gets a
    text message even if SMS was not chosen. When nothing can be sent, the configured channels are
    recorded as failed with the reason, and the notification is undelivered from the start."""
    usable = [channel for channel in chosen if channel in enabled]
    addressed = [(channel, enabled[channel].address(recipient)) for channel in usable]
    addressed = [(channel, address) for channel, address in addressed if address]
    sms = enabled.get(Channel.SMS)
    if not addressed and sms is not None and settings.NOTIFICATION_SMS_FALLBACK and sms.address(recipient):
        addressed = [(Channel.SMS, sms.address(recipient))]
    if addressed:
        return [
            Delivery(channel=channel, address=address[:254], status=Delivery.Status.PENDING, next_attempt_at=now)
            for channel, address in addressed
        ], Notification.Status.PENDING
    if not chosen:
        return [], Notification.Status.INBOX_ONLY
    failed = [
        Delivery(channel=channel, status=Delivery.Status.FAILED, last_error="no address on file") for channel in usable
    ]
    return failed, Notification.Status.UNDELIVERED


def channels_chosen(*, user_ids: set[int], kinds: set[str]) -> dict[tuple[int, str], list[str]]:
    """Channels per (person, kind): the person's own choice, else the company's default for the
    kind (channels_by_default). Two queries whatever the number."""
    company = channels_by_default(kinds=kinds)
    personal = {
        (c.user_id, c.kind): c.channels for c in ChannelChoice.objects.filter(user_id__in=user_ids, kind__in=kinds)
    }
    return {(user_id, kind): personal.get((user_id, kind), company[kind]) for user_id in user_ids for kind in kinds}


def channels_by_default(*, kinds: set[str]) -> dict[str, list[str]]:
    """The company's channels per kind as HR set them, else settings.NOTIFICATION_DEFAULT_CHANNELS."""
    company = {c.kind: c.channels for c in ChannelChoice.objects.filter(user__isnull=True, kind__in=kinds)}
    return {kind: company.get(kind, list(settings.NOTIFICATION_DEFAULT_CHANNELS)) for kind in kinds}


def _recipients(user_ids: set[int]) -> dict[int, Recipient]:
    """Addresses of the people who can be notified: active, not gone, not erased."""
    rows = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(staff_profile__left_at__isnull=False)
        .exclude(staff_profile__erased_at__isnull=False)
        .values(
            "pk",
            "email",
            "staff_profile__email",
            "staff_profile__phone",
            "staff_profile__wecom_userid",
            "staff_profile__dingtalk_userid",
        )
    )
    return {
        row["pk"]: Recipient(
            user_id=row["pk"],
            email=row["staff_profile__email"] or row["email"] or "",
            phone=row["staff_profile__phone"] or "",
            wecom_userid=row["staff_profile__wecom_userid"] or "",
            dingtalk_userid=row["staff_profile__dingtalk_userid"] or "",
        )
        for row in rows
    }


_pending = threading.local()


class _Batch:
    """Delivery ids created in one transaction, queued in chunks when it commits."""

    def __init__(self):
        self.delivery_ids: list[int] = []

    def flush(self) -> None:
        from notifications.tasks import deliveries_send_task

        if _pending.__dict__.get("batch") is self:
            del _pending.batch
        size = settings.NOTIFICATION_DELIVERY_BATCH
        for start in range(0, len(self.delivery_ids), size):
            deliveries_send_task.enqueue(delivery_ids=self.delivery_ids[start : start + size])


def deliveries_enqueue_after_commit(*, delivery_ids: list[int]) -> None:
    """Queue sending after the surrounding transaction commits, gathering every notification of
    the transaction into tasks of NOTIFICATION_DELIVERY_BATCH deliveries (a reminder run of ten
    thousand people makes two hundred tasks, not ten thousand). A rolled-back transaction queues
    nothing; a queued id whose row was rolled back with a savepoint is skipped by the task."""
    connection = transaction.get_connection()
    batch = _pending.__dict__.get("batch")
    if batch is None or not any(callback == batch.flush for _ids, callback, _robust in connection.run_on_commit):
        batch = _pending.batch = _Batch()
        # robust: once committed, a queue that cannot be reached must not fail the caller; the
        # periodic sweep (deliveries_sweep) queues whatever was left waiting.
        transaction.on_commit(batch.flush, robust=True)
    batch.delivery_ids.extend(delivery_ids)
