"""Sending deliveries through their channels, with retries and exponential backoff.

A task takes a batch of delivery ids. It claims the ones that are due (waiting and due, or held by
a worker whose hold ran out) by marking them "sending" until a hold expires, sends them channel by
channel (one SMTP connection, one keep-alive HTTP session per batch), and records each outcome:
sent; failed for now, to be tried again after 1, 2, 4 … minutes (or when a rate-limited service
said); or failed for good after NOTIFICATION_MAX_ATTEMPTS or a permanent refusal. A notification
is "delivered" once any channel took it and "undelivered" once every channel failed for good:
never "sent" when nothing was. The hold means two workers given the same id send it once; a worker
killed mid-send leaves its batch held, and the periodic sweep queues it again when the hold ends
(those messages may then arrive twice, rather than never)."""

import contextlib
import datetime as dt
import functools
import logging
import random
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.tasks.exceptions import InvalidTask
from django.utils import timezone

from notifications.channels import Outbound, Outcome, channel_backends
from notifications.models import Delivery, Notification

logger = logging.getLogger(__name__)


def retry_delay(*, attempts: int) -> float:
    """Seconds before the next try after `attempts` failed ones: base × 2^(attempts−1), capped,
    with ±10 % jitter so a service that was down is not hit by everyone at the same second."""
    base = settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return min(base, settings.NOTIFICATION_RETRY_MAX_SECONDS) * random.uniform(0.9, 1.1)


def _due(now: dt.datetime) -> Q:
    return Q(status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING], next_attempt_at__lte=now)


def _claim(*, delivery_ids: list[int], now: dt.datetime) -> list[Delivery]:
    hold = now + dt.timedelta(seconds=settings.NOTIFICATION_SENDING_HOLD_SECONDS)
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(_due(now), pk__in=delivery_ids)
            .select_related("notification")
            .order_by("pk")
        )
        if rows:
            Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(
                status=Delivery.Status.SENDING, next_attempt_at=hold, attempts=F("attempts") + 1
            )
    for row in rows:
        row.attempts += 1
    return rows


def _outbound(delivery: Delivery) -> Outbound:
    title, body = delivery.notification.rendered(language=settings.NOTIFICATION_LANGUAGE)
    url = delivery.notification.url
    return Outbound(
        delivery_id=delivery.pk,
        address=delivery.address,
        title=title,
        body=body,
        url=urljoin(settings.NOTIFICATION_SITE_URL, url) if url else "",
    )


def _send(rows: list[Delivery]) -> dict[int, Outcome]:
    """Send a batch, each channel's share split over NOTIFICATION_SEND_THREADS connections sent at
    the same time: a worker spends its time waiting for the mail relay and the APIs, so it waits
    for several at once. Each channel's first message goes alone, as a probe: it fetches the
    token once for all, and if the service throttles or is down, the rest of the batch waits
    without being tried (and without using up an attempt). The messages are rendered here, before
    the threads start."""
    backends = channel_backends()
    outcomes: dict[int, Outcome] = {}
    jobs = []
    by_channel: dict[str, list[Delivery]] = {}
    for row in rows:
        by_channel.setdefault(row.channel, []).append(row)
    for channel, batch in by_channel.items():
        backend = backends.get(channel)
        if backend is None or not backend.enabled():
            outcomes.update(
                {row.pk: Outcome(ok=False, error="channel not configured", retryable=False) for row in batch}
            )
            continue
        probe, *rest = [_outbound(row) for row in batch]
        first = _send_share(channel, backend, [probe])
        outcomes.update(first)
        probed = first[probe.delivery_id]
        if not probed.ok and probed.retryable:  # throttled or down: the rest waits untried
            outcomes.update(
                {
                    m.delivery_id: Outcome(ok=False, error=probed.error, retry_after=probed.retry_after, deferred=True)
                    for m in rest
                }
            )
            continue
        threads = max(1, min(settings.NOTIFICATION_SEND_THREADS, len(rest)))
        jobs.extend((channel, backend, rest[start::threads]) for start in range(threads) if rest[start::threads])
    if len(jobs) == 1:
        outcomes.update(_send_share(*jobs[0]))
    elif jobs:
        for share in _senders().map(lambda job: _send_share(*job), jobs):
            outcomes.update(share)
    return outcomes


@functools.cache
def _senders() -> ThreadPoolExecutor:
    """The worker process's sending threads, kept between tasks so that each keeps its SMTP-less
    HTTP keep-alive session (notifications.channels.work_apps.http_session) from batch to batch."""
    return ThreadPoolExecutor(max_workers=4 * settings.NOTIFICATION_SEND_THREADS, thread_name_prefix="notify")


def _send_share(channel: str, backend, messages: list[Outbound]) -> dict[int, Outcome]:
    try:
        return backend.send(messages)
    except Exception as error:  # a bug or an unforeseen answer: retry rather than lose the batch
        logger.exception("notification channel %s failed", channel)
        return {m.delivery_id: Outcome(ok=False, error=f"{error.__class__.__name__}: {error}"[:500]) for m in messages}


def deliveries_send(*, delivery_ids: list[int], now: dt.datetime | None = None) -> dict[str, int]:
    """Send the due deliveries among `delivery_ids` once each and record how each fared; ids not
    due (sent, failed for good, waiting for a later retry, held by another worker) are skipped.
    Returns counts by outcome."""
    now = now or timezone.now()
    rows = _claim(delivery_ids=delivery_ids, now=now)
    if not rows:
        return {}
    started = time.monotonic()
    outcomes = _send(rows)
    return _record(rows=rows, outcomes=outcomes, now=now + dt.timedelta(seconds=time.monotonic() - started))


def _record(*, rows: list[Delivery], outcomes: dict[int, Outcome], now: dt.datetime) -> dict[str, int]:
    sent, changed, retries = [], [], []
    for row in rows:
        outcome = outcomes.get(row.pk) or Outcome(ok=False, error="no outcome from the channel")
        if outcome.ok:
            sent.append(row.pk)
            continue
        if outcome.deferred:
            row.attempts -= 1  # never tried: a throttled batch's tail keeps its attempts
        row.last_error = outcome.error[:500]
        if outcome.retryable and row.attempts < settings.NOTIFICATION_MAX_ATTEMPTS:
            row.status = Delivery.Status.PENDING
            row.next_attempt_at = now + dt.timedelta(seconds=outcome.retry_after or retry_delay(attempts=row.attempts))
            retries.append(row)
        else:
            row.status = Delivery.Status.FAILED
            row.next_attempt_at = None
        changed.append(row)
    with transaction.atomic():
        if sent:
            Delivery.objects.filter(pk__in=sent).update(
                status=Delivery.Status.SENT, sent_at=now, next_attempt_at=None, last_error=""
            )
        if changed:
            Delivery.objects.bulk_update(changed, ["status", "attempts", "last_error", "next_attempt_at"])
        notifications_settle(notification_ids={row.notification_id for row in rows}, now=now)
        if retries:
            transaction.on_commit(lambda: _retry_enqueue(retries), robust=True)
    return {
        "sent": len(sent),
        "retrying": len(retries),
        "failed": sum(row.status == Delivery.Status.FAILED for row in changed),
    }


def _retry_enqueue(rows: list[Delivery]) -> None:
    """Queue the retries to run when the latest of them is due. A task backend that cannot defer
    (the tests' immediate one) queues nothing: the periodic sweep picks them up when due."""
    from notifications.tasks import deliveries_send_task

    when = max(row.next_attempt_at for row in rows)
    with contextlib.suppress(InvalidTask):
        deliveries_send_task.using(run_after=when).enqueue(delivery_ids=[row.pk for row in rows])


def notifications_settle(*, notification_ids: set[int], now: dt.datetime) -> None:
    """Delivered once any delivery was sent; undelivered once none can be any more."""
    waiting = Notification.objects.filter(pk__in=notification_ids, status=Notification.Status.PENDING)
    deliveries = Delivery.objects.filter(notification=OuterRef("pk"))
    waiting.filter(Exists(deliveries.filter(status=Delivery.Status.SENT))).update(
        status=Notification.Status.DELIVERED, delivered_at=now
    )
    waiting.exclude(Exists(deliveries.exclude(status=Delivery.Status.FAILED))).update(
        status=Notification.Status.UNDELIVERED
    )


def deliveries_sweep(*, now: dt.datetime | None = None) -> int:
    """Queue again what no task will send: deliveries waiting well past their time (their task
    was lost, or the backend could not defer a retry) and those held by a worker that died. The
    claim in deliveries_send makes an id queued twice harmless. Returns how many were queued."""
    from notifications.tasks import deliveries_send_task

    now = now or timezone.now()
    late = now - dt.timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE_SECONDS)
    ids = list(
        Delivery.objects.filter(
            Q(status=Delivery.Status.PENDING, next_attempt_at__lte=late)
            | Q(status=Delivery.Status.SENDING, next_attempt_at__lte=now)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[: settings.NOTIFICATION_SWEEP_LIMIT]
    )
    size = settings.NOTIFICATION_DELIVERY_BATCH
    for start in range(0, len(ids), size):
        deliveries_send_task.enqueue(delivery_ids=ids[start : start + size])
    return len(ids)
