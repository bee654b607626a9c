import pytest

from notifications.channels.sms import SMS_MAX_CHARACTERS
from notifications.models import Delivery
from tests.factories.org import StaffProfileFactory
from tests.notifications.helpers import remind, send_all_due

pytestmark = pytest.mark.django_db


def test_a_text_goes_to_the_phone_on_file_through_the_sms_backend(sms_outbox, smtp_fake):
    phone_only = StaffProfileFactory(email="", phone="13900139000")
    notification = remind(phone_only)
    send_all_due()
    assert [(m.phone, m.text, m.template) for m in sms_outbox] == [
        ("13900139000", "Follow-up evaluation due: 李雷", "notice")
    ]
    assert notification.deliveries.get().status == Delivery.Status.SENT


def test_a_text_carries_the_link_and_is_cut_to_two_segments(sms_outbox):
    from notifications.services import notification_send

    profile = StaffProfileFactory(email="", phone="13900139000")
    notification_send(user_id=profile.user_id, key="k", kind="export", title={"en": "长" * 300}, url="/skills/exports/")
    send_all_due()
    [message] = sms_outbox
    assert len(message.text) == SMS_MAX_CHARACTERS
    assert message.params == {"content": message.text}


def test_sms_is_not_used_when_another_channel_reaches_the_person(sms_outbox, smtp_fake):
    remind(StaffProfileFactory(email="e@example.com", phone="13900139000"))
    send_all_due()
    assert sms_outbox == []
    assert len(smtp_fake.received) == 1
