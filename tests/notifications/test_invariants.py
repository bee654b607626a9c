"""notifications.invariants: a notification counted as delivered that no channel sent, one counted
as undelivered that a channel did send, and a sent delivery without an address are each planted and
reported with their row."""

import pytest

from core.integrity import invariants_check
from notifications.models import Delivery, Notification
from tests.notifications.helpers import remind

pytestmark = pytest.mark.django_db

CHANNELS = "notifications.invariants.notifications_reached_a_channel"


def rows():
    return [(v.model, v.pk) for v in invariants_check(paths=[CHANNELS])]


@pytest.fixture
def delivered(person, sms_outbox, django_capture_on_commit_callbacks):
    notification = remind(person, capture=django_capture_on_commit_callbacks)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.DELIVERED and len(sms_outbox) == 1
    return notification


def test_a_notification_sent_through_a_channel_breaks_nothing(delivered):
    assert rows() == []


def test_delivered_with_no_channel_having_sent_it_is_reported(delivered):
    Delivery.objects.filter(notification=delivered).update(status=Delivery.Status.FAILED)
    assert rows() == [("notifications.Notification", delivered.pk)]


def test_undelivered_although_a_channel_sent_it_is_reported(delivered):
    Notification.objects.filter(pk=delivered.pk).update(status=Notification.Status.UNDELIVERED)
    assert rows() == [("notifications.Notification", delivered.pk)]


def test_a_sent_delivery_without_an_address_or_time_is_reported(delivered):
    delivery = Delivery.objects.get(notification=delivered)
    Delivery.objects.filter(pk=delivery.pk).update(address="")
    assert rows() == [("notifications.Delivery", delivery.pk)]
    Delivery.objects.filter(pk=delivery.pk).update(address="13800138001", sent_at=None)
    assert rows() == [("notifications.Delivery", delivery.pk)]


def test_a_person_with_no_address_is_undelivered_not_sent(person, django_capture_on_commit_callbacks, settings):
    settings.NOTIFICATION_CHANNELS = {**settings.NOTIFICATION_CHANNELS, "email": {"ENABLED": True}}
    person.user.email = ""
    person.user.save()
    type(person).objects.filter(pk=person.pk).update(email="", phone="")
    notification = remind(person, capture=django_capture_on_commit_callbacks)
    notification.refresh_from_db()
    assert notification.status != Notification.Status.DELIVERED
    assert rows() == []
