import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from notifications.models import ChannelChoice, Delivery, Notification
from notifications.services import NotificationRequest, channel_choices_set, notification_send, notifications_send
from tests.factories.org import StaffProfileFactory
from tests.notifications.conftest import REMINDER

pytestmark = pytest.mark.django_db


def send(profile, key="follow_up:1:due", **kwargs):
    return notification_send(user_id=profile.user_id, key=key, notice=REMINDER, params={"name": "李雷"}, **kwargs)


def test_the_same_person_and_key_make_one_notification(person, smtp_fake):
    first, created = send(person)
    again, created_again = send(person)
    assert created and not created_again
    assert again.pk == first.pk
    assert Notification.objects.count() == 1
    assert Delivery.objects.count() == 1


def test_the_database_refuses_a_second_notification_for_the_same_key(person):
    send(person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(user=person.user, kind="follow_up", key="follow_up:1:due")


def test_another_step_of_the_same_item_is_a_new_notification(person):
    send(person, key="follow_up:1:due")
    _notification, created = send(person, key="follow_up:1:overdue")
    assert created
    assert Notification.objects.count() == 2


def test_people_who_left_or_cannot_sign_in_get_nothing(db):
    left = StaffProfileFactory(left_at="2026-01-01")
    inactive = StaffProfileFactory()
    inactive.user.is_active = False
    inactive.user.save()
    assert send(left) == (None, False)
    assert send(inactive) == (None, False)
    assert not Notification.objects.exists()


def test_the_title_is_rendered_in_the_readers_language_from_the_message_id(person):
    notification, _created = send(person)
    assert notification.message_id == "tests.reminder"
    assert notification.params == {"name": "李雷"}
    with translation.override("en"):
        assert notification.title_text == "Follow-up evaluation due: 李雷"


def test_text_given_in_both_languages_is_shown_in_the_readers(person):
    notification, _created = notification_send(
        user_id=person.user_id,
        key="export:7:ready",
        kind="export",
        title={"zh-hans": "导出已就绪", "en": "Your export is ready"},
    )
    with translation.override("en"):
        assert notification.title_text == "Your export is ready"
    with translation.override("zh-hans"):
        assert notification.title_text == "导出已就绪"


def test_each_configured_channel_with_an_address_gets_one_delivery(person, smtp_fake, wecom_fake, dingtalk_fake):
    notification, _created = send(person)
    deliveries = {d.channel: d.address for d in notification.deliveries.all()}
    assert deliveries == {"email": "wang.fang@example.com", "wecom": "WangFang", "dingtalk": "ding-wf"}
    assert notification.status == Notification.Status.PENDING


def test_a_channel_not_configured_gets_no_delivery(person, smtp_fake):
    notification, _created = send(person)
    assert [d.channel for d in notification.deliveries.all()] == ["email"]


def test_the_persons_choice_overrides_the_company_default(person, smtp_fake, wecom_fake):
    ChannelChoice.objects.create(user=None, kind="follow_up", channels=["wecom"])
    other = StaffProfileFactory(email="o@example.com", wecom_userid="Other")
    channel_choices_set(user=person.user, choices={"follow_up": ["email"]})
    mine, _created = send(person)
    theirs, _created = send(other)
    assert [d.channel for d in mine.deliveries.all()] == ["email"]
    assert [d.channel for d in theirs.deliveries.all()] == ["wecom"]


def test_a_person_who_chose_the_inbox_only_gets_no_outside_delivery(person, smtp_fake):
    channel_choices_set(user=person.user, choices={"follow_up": []})
    notification, _created = send(person)
    assert not notification.deliveries.exists()
    assert notification.status == Notification.Status.INBOX_ONLY


def test_someone_with_no_address_is_undelivered_from_the_start_and_never_sent(smtp_fake, wecom_fake):
    nobody = StaffProfileFactory(email="", wecom_userid="", phone="")
    notification, _created = send(nobody)
    assert notification.status == Notification.Status.UNDELIVERED
    assert {(d.channel, d.status, d.last_error) for d in notification.deliveries.all()} == {
        ("email", "failed", "no address on file"),
        ("wecom", "failed", "no address on file"),
    }
    assert notification.read_at is None  # still waiting in the inbox


def test_sms_reaches_the_few_with_nothing_else(smtp_fake, sms_outbox):
    phone_only = StaffProfileFactory(email="", phone="13900139000")
    with_email = StaffProfileFactory(email="e@example.com", phone="13900139001")
    text_only, _created = send(phone_only)
    mailed, _created = send(with_email)
    assert [(d.channel, d.address) for d in text_only.deliveries.all()] == [("sms", "13900139000")]
    assert [d.channel for d in mailed.deliveries.all()] == ["email"]


def test_a_batch_costs_the_same_number_of_queries_however_many_people(smtp_fake, wecom_fake):
    def batch(n, key):
        people = [StaffProfileFactory(email=f"p{key}{i}@example.com", wecom_userid=f"u{key}{i}") for i in range(n)]
        with CaptureQueriesContext(connection) as queries:
            notifications_send(
                requests=[
                    NotificationRequest(user_id=p.user_id, key=key, notice=REMINDER, params={"name": "x"})
                    for p in people
                ]
            )
        return len(queries.captured_queries)

    assert batch(3, "a") == batch(30, "b")
    assert Notification.objects.count() == 33
    assert Delivery.objects.count() == 66


def test_a_batch_asking_twice_for_one_key_creates_it_once(person):
    request = NotificationRequest(user_id=person.user_id, key="k", notice=REMINDER, params={"name": "x"})
    answers = notifications_send(requests=[request, request])
    assert [created for _n, created in answers] == [True, False]
    assert answers[0][0].pk == answers[1][0].pk


@pytest.mark.parametrize(("rows", "english"), [(1, "Your export is ready: 1 row"), (2, "Your export is ready: 2 rows")])
def test_a_counted_title_takes_the_singular_for_one(person, rows, english):
    from skills.notices import EXPORT_READY

    notification, _created = notification_send(
        user_id=person.user_id, key=f"export:{rows}:ready", notice=EXPORT_READY, params={"rows": rows}
    )
    with translation.override("en"):
        assert notification.title_text == english
    with translation.override("zh-hans"):
        assert notification.title_text == f"导出已完成：{rows} 行"
