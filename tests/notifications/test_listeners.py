import pytest

from core.events import event_announce
from core.personal_data import PersonalDataErased, PersonalDataExportRequested
from notifications.models import ChannelChoice, Delivery, Notification
from notifications.services import channel_choices_set
from tests.factories.org import StaffProfileFactory
from tests.notifications.helpers import remind

pytestmark = pytest.mark.django_db


def test_hrs_export_of_a_person_includes_their_notifications_and_addresses(person, smtp_fake):
    remind(person)
    channel_choices_set(user=person.user, choices={"follow_up": ["email"]})
    event = PersonalDataExportRequested(user_id=person.user_id)
    event_announce(event)
    section = event.sections["notifications"]
    assert section["channels"] == {"follow_up": ["email"]}
    [entry] = section["notifications"]
    assert entry["deliveries"] == [{"channel": "email", "address": "wang.fang@example.com", "status": "pending"}]


def test_erasing_a_person_removes_their_notifications_and_nobody_elses(person, smtp_fake):
    remind(person)
    channel_choices_set(user=person.user, choices={"follow_up": []})
    other = remind(StaffProfileFactory(email="o@example.com"))
    event_announce(PersonalDataErased(user_id=person.user_id))
    assert list(Notification.objects.all()) == [other]
    assert Delivery.objects.filter(notification=other).count() == 1
    assert not ChannelChoice.objects.filter(user=person.user).exists()
