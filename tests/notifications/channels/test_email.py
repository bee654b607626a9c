"""E-mail over real SMTP: a local aiosmtpd server stands in for the relay."""

import pytest

from notifications.models import Delivery, Notification
from tests.notifications.helpers import later, remind, send_all_due

pytestmark = pytest.mark.django_db


def test_a_notification_is_mailed_through_smtp_after_commit(person, smtp_fake, django_capture_on_commit_callbacks):
    notification = remind(person, capture=django_capture_on_commit_callbacks)
    [mail] = smtp_fake.received
    assert mail.recipients == ("wang.fang@example.com",)
    assert mail.subject == "Follow-up evaluation due: 李雷"
    assert "Please record it on the manager dashboard." in mail.text
    delivery = notification.deliveries.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 1)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.DELIVERED


def test_a_second_run_sends_nothing_again(person, smtp_fake, django_capture_on_commit_callbacks):
    remind(person, capture=django_capture_on_commit_callbacks)
    remind(person, capture=django_capture_on_commit_callbacks)
    send_all_due(at=later(3600))
    assert len(smtp_fake.received) == 1


def test_a_busy_server_is_tried_again_after_a_backoff(person, smtp_fake, settings):
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 60
    smtp_fake.busy_next = 1
    notification = remind(person)
    send_all_due()
    delivery = notification.deliveries.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    assert "451" in delivery.last_error
    assert 54 <= (delivery.next_attempt_at - delivery.updated_at).total_seconds() <= 67
    assert send_all_due() == {}  # not due yet: nothing is sent before the backoff ends
    send_all_due(at=later(70))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)
    assert len(smtp_fake.received) == 1


def test_the_backoff_doubles_with_each_failure(person, smtp_fake, settings):
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 60
    smtp_fake.busy_next = 3
    notification = remind(person)
    waits, at = [], later(0)
    for _try in range(3):
        send_all_due(at=at)
        delivery = notification.deliveries.get()
        waits.append((delivery.next_attempt_at - at).total_seconds())
        at = delivery.next_attempt_at
    assert [round(w / 60) for w in waits] == [1, 2, 4]


def test_a_refused_address_fails_for_good_and_the_notification_is_undelivered(person, smtp_fake, settings):
    smtp_fake.refuse["wang.fang@example.com"] = "550 5.1.1 No such user"
    notification = remind(person)
    send_all_due()
    delivery = notification.deliveries.get()
    assert delivery.status == Delivery.Status.FAILED
    assert "550" in delivery.last_error
    notification.refresh_from_db()
    assert notification.status == Notification.Status.UNDELIVERED
    assert notification.read_at is None


def test_after_the_last_attempt_a_delivery_fails_and_is_never_marked_sent(person, smtp_fake, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    smtp_fake.busy_next = 10
    notification = remind(person)
    for hours in range(5):
        send_all_due(at=later(hours * 10 * 3600))
    delivery = notification.deliveries.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 3)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.UNDELIVERED
    assert delivery.sent_at is None


def test_an_unreachable_relay_leaves_the_batch_waiting(person, settings):
    from tests.fakes.smtp import free_port

    settings.MAILERS = {
        **settings.MAILERS,
        "down": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        },
    }
    settings.NOTIFICATION_CHANNELS = {**settings.NOTIFICATION_CHANNELS, "email": {"ENABLED": True, "MAILER": "down"}}
    notification = remind(person)
    send_all_due()
    delivery = notification.deliveries.get()
    assert delivery.status == Delivery.Status.PENDING
    assert "SMTP connection failed" in delivery.last_error
