import datetime as dt

import pytest
from django.db import transaction
from django.tasks.signals import task_enqueued
from django.utils import timezone

from notifications.models import Delivery
from notifications.services import (
    NotificationRequest,
    deliveries_send,
    deliveries_sweep,
    notifications_send,
    retry_delay,
)
from tests.factories.org import StaffProfileFactory
from tests.notifications.conftest import REMINDER
from tests.notifications.helpers import later, remind

pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued():
    tasks = []

    def record(sender, task_result, **kwargs):
        tasks.append(task_result)

    task_enqueued.connect(record)
    yield tasks
    task_enqueued.disconnect(record)


def sent_tasks(tasks):
    return [t for t in tasks if t.task.name == "deliveries_send_task"]


def test_a_reminder_run_queues_its_deliveries_in_batches_after_commit(
    smtp_fake, enqueued, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_DELIVERY_BATCH = 50
    people = [StaffProfileFactory(email=f"p{i}@example.com") for i in range(120)]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for profile in people[:60]:
            remind(profile)
        notifications_send(
            requests=[NotificationRequest(user_id=p.user_id, key="k", notice=REMINDER, params={}) for p in people[60:]]
        )
        assert sent_tasks(enqueued) == []  # nothing leaves before the commit
    batches = [t.args_kwargs if hasattr(t, "args_kwargs") else t.kwargs for t in sent_tasks(enqueued)]
    assert [len(b["delivery_ids"]) for b in batches] == [50, 50, 20]
    assert len(smtp_fake.received) == 120
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 120


def test_a_rolled_back_transaction_queues_nothing(smtp_fake, enqueued, django_capture_on_commit_callbacks):
    profile = StaffProfileFactory(email="p@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            remind(profile)
            raise RuntimeError
        remind(StaffProfileFactory(email="q@example.com"), key="other")
    [task] = sent_tasks(enqueued)
    assert len(task.kwargs["delivery_ids"]) == 1
    assert [m.recipients for m in smtp_fake.received] == [("q@example.com",)]


def test_the_same_ids_sent_twice_go_out_once(person, smtp_fake):
    notification = remind(person)
    ids = list(notification.deliveries.values_list("pk", flat=True))
    deliveries_send(delivery_ids=ids)
    deliveries_send(delivery_ids=ids)
    assert len(smtp_fake.received) == 1


def test_a_delivery_held_by_a_live_worker_is_not_sent_by_another(person, smtp_fake):
    notification = remind(person)
    delivery = notification.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENDING, next_attempt_at=later(300))
    assert deliveries_send(delivery_ids=[delivery.pk]) == {}
    assert deliveries_sweep(now=later(60)) == 0
    assert smtp_fake.received == []


def test_the_sweep_requeues_a_batch_whose_worker_died_once_its_hold_ends(person, smtp_fake, enqueued, settings):
    settings.NOTIFICATION_SENDING_HOLD_SECONDS = 300
    notification = remind(person)
    delivery = notification.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, next_attempt_at=later(300), attempts=1
    )
    assert deliveries_sweep(now=later(299)) == 0
    # the immediate backend runs the queued task at once, at the real clock: send it at the later time
    assert deliveries_sweep(now=later(301)) == 1
    [task] = sent_tasks(enqueued)
    assert task.kwargs["delivery_ids"] == [delivery.pk]


def test_the_sweep_requeues_a_delivery_whose_task_was_lost(person, smtp_fake, settings):
    settings.NOTIFICATION_SWEEP_GRACE_SECONDS = 300
    notification = remind(person)  # its task never runs: no commit in this test
    assert deliveries_sweep(now=later(200)) == 0
    Delivery.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=301))
    assert deliveries_sweep() == 1
    assert notification.deliveries.get().status == Delivery.Status.SENT
    assert len(smtp_fake.received) == 1


def test_retry_delays_double_up_to_the_cap(settings):
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 60
    settings.NOTIFICATION_RETRY_MAX_SECONDS = 3600
    delays = [retry_delay(attempts=n) for n in range(1, 9)]
    for delay, expected in zip(delays, [60, 120, 240, 480, 960, 1920, 3600, 3600], strict=True):
        assert 0.9 * expected <= delay <= 1.1 * expected
