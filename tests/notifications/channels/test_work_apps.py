"""企业微信 (WeCom) and 钉钉 (DingTalk) work messages against a local HTTP server that answers as
the services do and records every request."""

import pytest

from notifications.models import Delivery, Notification
from tests.fakes.work_apps import DINGTALK_SEND, DINGTALK_TOKEN, WECOM_SEND, WECOM_TOKEN, Answer
from tests.notifications.helpers import deliveries_sweep, later, remind, send_all_due

pytestmark = pytest.mark.django_db

SERVICES = {
    "wecom": ("wecom_fake", WECOM_TOKEN, WECOM_SEND, {"corpid": "ww-corp", "corpsecret": "ww-secret"}, "WangFang"),
    "dingtalk": (
        "dingtalk_fake",
        DINGTALK_TOKEN,
        DINGTALK_SEND,
        {"appkey": "ding-key", "appsecret": "ding-secret"},
        "ding-wf",
    ),
}
RATE_LIMIT = {"wecom": 45009, "dingtalk": 90018}


@pytest.fixture(params=sorted(SERVICES))
def service(request, person):
    fixture, token_path, send_path, credentials, user_id = SERVICES[request.param]
    fake = request.getfixturevalue(fixture)
    return request.param, fake, token_path, send_path, credentials, user_id


def test_a_work_message_is_sent_with_a_token_from_the_apps_key_and_secret(service):
    channel, fake, token_path, send_path, credentials, user_id = service
    notification = remind_person(service)
    assert send_all_due() == {"sent": 1, "retrying": 0, "failed": 0}
    token, send = fake.requests
    assert (token.method, token.path, token.query) == ("GET", token_path, credentials)
    assert (send.method, send.path, send.query) == ("POST", send_path, {"access_token": fake.token})
    delivery = notification.deliveries.get()
    assert (delivery.channel, delivery.address, delivery.status) == (channel, user_id, Delivery.Status.SENT)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.DELIVERED


def test_wecom_gets_a_text_card_with_the_link(person, wecom_fake):
    from notifications.services import notification_send
    from tests.notifications.conftest import REMINDER

    notification_send(
        user_id=person.user_id, key="k", notice=REMINDER, params={"name": "李雷"}, url="/skills/follow-ups/"
    )
    send_all_due()
    [send] = wecom_fake.sends
    assert send.body == {
        "touser": "WangFang",
        "msgtype": "textcard",
        "agentid": 1000002,
        "textcard": {
            "title": "Follow-up evaluation due: 李雷",
            "description": "Please record it on the manager dashboard.",
            "url": "https://academy.example.com/skills/follow-ups/",
        },
    }


def test_dingtalk_gets_a_work_message_for_the_agent(person, dingtalk_fake):
    remind(person)
    send_all_due()
    [send] = dingtalk_fake.sends
    assert send.body == {
        "agent_id": 2000001,
        "userid_list": "ding-wf",
        "msg": {
            "msgtype": "text",
            "text": {"content": "Follow-up evaluation due: 李雷\nPlease record it on the manager dashboard."},
        },
    }


def test_the_token_is_fetched_once_for_many_messages(service, db):
    from tests.factories.org import StaffProfileFactory

    channel, fake, *_rest = service
    for n in range(3):
        remind(StaffProfileFactory(wecom_userid=f"w{n}", dingtalk_userid=f"d{n}", email=""), key=f"k{n}")
    send_all_due()
    assert len(fake.token_requests()) == 1
    assert len(fake.sends) == 3


def test_an_expired_token_is_renewed_and_the_message_sent(service):
    _channel, fake, *_rest = service
    remind_person(service)
    send_all_due()
    fake.expire_token()
    remind_person(service, key="follow_up:1:overdue")
    assert send_all_due()["sent"] == 1
    assert len(fake.token_requests()) == 2
    assert len(fake.sends) == 2


def test_a_rate_limit_answer_waits_and_the_message_goes_out_later(service):
    channel, fake, *_rest = service
    notification = remind_person(service)
    fake.next_send_answers.append(Answer(200, {"errcode": RATE_LIMIT[channel], "errmsg": "api freq out of limit"}))
    assert send_all_due() == {"sent": 0, "retrying": 1, "failed": 0}
    delivery = notification.deliveries.get()
    assert delivery.status == Delivery.Status.PENDING
    assert str(RATE_LIMIT[channel]) in delivery.last_error
    assert send_all_due(at=later(30)) == {}  # the service asked for a minute
    assert send_all_due(at=later(61))["sent"] == 1
    assert len(fake.sends) == 1


def test_http_429_is_honoured_with_its_retry_after(service):
    _channel, fake, *_rest = service
    notification = remind_person(service)
    fake.next_send_answers.append(Answer(429, {}, (("Retry-After", "120"),)))
    send_all_due()
    delivery = notification.deliveries.get()
    assert 119 <= (delivery.next_attempt_at - delivery.updated_at).total_seconds() <= 125
    assert send_all_due(at=later(100)) == {}
    assert send_all_due(at=later(125))["sent"] == 1


def test_a_throttled_batch_waits_without_using_up_the_rest_of_its_attempts(service, db):
    from tests.factories.org import StaffProfileFactory

    channel, fake, *_rest = service
    remind_person(service)
    for n in range(2):
        remind(StaffProfileFactory(wecom_userid=f"w{n}", dingtalk_userid=f"d{n}", email=""), key=f"k{n}")
    fake.next_send_answers.append(Answer(200, {"errcode": RATE_LIMIT[channel], "errmsg": "limit"}))
    send_all_due()
    attempts = sorted(Delivery.objects.filter(channel=channel).values_list("attempts", flat=True))
    assert attempts == [0, 0, 1]  # one was tried; the two behind it never left
    assert len([r for r in fake.requests if r.path.endswith(("send", "asyncsend_v2"))]) == 1


def test_a_server_error_is_retried_with_backoff(service, settings):
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 60
    _channel, fake, *_rest = service
    notification = remind_person(service)
    fake.next_send_answers.extend([Answer(502, {}), Answer(200, {"errcode": -1, "errmsg": "system busy"})])
    send_all_due()
    send_all_due(at=later(70))
    delivery = notification.deliveries.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 2)
    send_all_due(at=later(70 + 120 * 1.1 + 5))  # the second backoff: 120 s ± 10 % jitter
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 3)
    assert len(fake.sends) == 1


def test_a_person_the_company_app_does_not_know_fails_for_good(service):
    _channel, fake, *_rest = service
    fake.known_users = {"someone-else"}
    notification = remind_person(service)
    assert send_all_due() == {"sent": 0, "retrying": 0, "failed": 1}
    notification.refresh_from_db()
    assert notification.status == Notification.Status.UNDELIVERED
    assert not fake.sends


def test_no_duplicate_on_a_second_run_or_a_repeated_task(service):
    _channel, fake, *_rest = service
    remind_person(service)
    remind_person(service)
    send_all_due()
    send_all_due()
    assert deliveries_sweep(now=later(3600)) == 0
    assert len(fake.sends) == 1


def test_a_wrong_secret_is_retried_rather_than_dropped(service, settings):
    channel, fake, *_rest = service
    fake.secret = "rotated"
    notification = remind_person(service)
    send_all_due()
    delivery = notification.deliveries.get()
    assert delivery.status == Delivery.Status.PENDING
    assert "40001" in delivery.last_error


def remind_person(service, key="follow_up:1:due"):
    from org.models import StaffProfile

    channel = service[0]
    profile = StaffProfile.objects.get(name="王芳")
    # only this channel: the person's other addresses would make other deliveries
    from notifications.services import channel_choices_set

    channel_choices_set(user=profile.user, choices={"follow_up": [channel]})
    return remind(profile, key=key)
