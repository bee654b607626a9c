"""Password recovery by text message: the code goes to the number on file, the answer is the same
for people who do not exist, codes are short-lived, single use and limited in wrong tries, and
nobody's phone can be flooded."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from accounts.models import PasswordResetCode
from accounts.services import password_reset_code_send, password_reset_request
from core.models import AuditEvent
from tests.accounts.conftest import sms_code
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Xin-de-mima-2025"


@pytest.fixture
def person():
    return StaffProfileFactory(employee_number="YG777", name="孙涛", phone="13911112222")


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Ask for a code as a person would; the text message is sent once the request commits."""

    def ask(client, identifier):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/accounts/recover/", {"identifier": identifier})

    return ask


@pytest.fixture
def request_code(django_capture_on_commit_callbacks):
    def request_code(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return password_reset_request(**kwargs)

    return request_code


def _recover(client, code, password=NEW_PASSWORD):
    response = client.post("/accounts/recover/code/", {"code": code})
    if response.status_code != 302:
        return response
    return client.post("/accounts/recover/password/", {"new_password1": password, "new_password2": password})


def test_a_person_recovers_their_password_with_the_code_sent_to_their_phone(ask, client, person, sms_outbox):
    response = ask(client, "YG777")
    assert response.status_code == 302 and response["Location"] == "/accounts/recover/code/"
    [message] = sms_outbox
    assert message.phone == "13911112222" and message.template == "verification_code"
    assert message.params["code"] in message.text and len(message.params["code"]) == 6
    response = _recover(client, message.params["code"])
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.user.pk)
    person.user.refresh_from_db()
    assert person.user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_CHANGE)
    assert (event.actor, event.subject_user, event.detail) == (
        person.user,
        person.user,
        {"fields": ["password"], "via": "sms_code"},
    )


def test_the_mobile_number_works_as_the_name_too(ask, client, person, sms_outbox):
    ask(client, "139 1111 2222")
    assert [m.phone for m in sms_outbox] == ["13911112222"]


def test_an_unknown_name_gets_the_same_answer_and_no_message(ask, client, person, sms_outbox):
    known = ask(client, "YG777")
    known_page = client.get("/accounts/recover/code/").content.decode()
    other = client.__class__()
    unknown = ask(other, "NOBODY-1")
    unknown_page = other.get("/accounts/recover/code/").content.decode()
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])

    def without_csrf(page):
        return "".join(line for line in page.splitlines() if "csrfmiddlewaretoken" not in line)

    assert without_csrf(known_page) == without_csrf(unknown_page)
    assert len(sms_outbox) == 1
    # Whatever the unknown side types, it is told only that the code is wrong.
    response = _recover(other, sms_code(sms_outbox))
    assert response.status_code == 200 and "wrong or no longer valid" in response.content.decode()


def test_people_without_a_phone_or_who_left_get_no_message(ask, client, sms_outbox):
    StaffProfileFactory(employee_number="NOPHONE", phone="")
    StaffProfileFactory(employee_number="LEFT", left_at=dt.date(2025, 1, 1))
    for name in ("NOPHONE", "LEFT"):
        assert ask(client, name).status_code == 302
    assert sms_outbox == []


def test_a_code_works_once(ask, client, person, sms_outbox):
    ask(client, "YG777")
    code = sms_code(sms_outbox)
    _recover(client, code)
    client.logout()
    ask(client, "YG777")  # within the minute: no new message
    response = client.post("/accounts/recover/code/", {"code": code})
    assert response.status_code == 200 and "wrong or no longer valid" in response.content.decode()


def test_a_code_expires_after_ten_minutes(ask, client, person, sms_outbox):
    ask(client, "YG777")
    code = sms_code(sms_outbox)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10, seconds=5)):
        response = client.post("/accounts/recover/code/", {"code": code})
    assert response.status_code == 200 and "wrong or no longer valid" in response.content.decode()


def test_five_wrong_codes_kill_the_right_one(ask, client, person, sms_outbox):
    ask(client, "YG777")
    code = sms_code(sms_outbox)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    for _ in range(5):
        assert client.post("/accounts/recover/code/", {"code": wrong}).status_code == 200
    response = client.post("/accounts/recover/code/", {"code": code})
    assert response.status_code == 200 and "wrong or no longer valid" in response.content.decode()
    person.user.refresh_from_db()
    assert person.user.check_password("pw-test-123")


def test_at_most_one_message_a_minute_and_five_a_day(person, sms_outbox, request_code):
    start = timezone.now()
    first = request_code(identifier="YG777", now=start)
    assert request_code(identifier="YG777", now=start + dt.timedelta(seconds=30)) == first
    assert len(sms_outbox) == 1
    for minute in range(1, 8):
        with time_machine.travel(start + dt.timedelta(minutes=minute * 2), tick=False):
            request_code(identifier="YG777")
    assert len(sms_outbox) == 5
    assert PasswordResetCode.objects.count() == 5


def test_sending_twice_sends_one_message(person, sms_outbox, request_code):
    reset_id = request_code(identifier="YG777")
    assert len(sms_outbox) == 1
    assert password_reset_code_send(reset_code_id=reset_id) is False
    assert len(sms_outbox) == 1


def test_the_code_is_not_stored(person, sms_outbox, request_code):
    request_code(identifier="YG777")
    code = sms_code(sms_outbox)
    row = PasswordResetCode.objects.get()
    assert row.code_hash and code not in row.code_hash


def test_asking_is_rate_limited_per_address(ask, client, person, sms_outbox, settings):
    settings.ACCOUNTS_RATES = {"recovery_request": (2, 3600), "recovery_code": (2, 900)}
    assert ask(client, "A").status_code == 302
    assert ask(client, "B").status_code == 302
    assert ask(client, "YG777").status_code == 429
    assert sms_outbox == []


def test_the_password_step_needs_the_code_first(ask, client, person, sms_outbox):
    ask(client, "YG777")
    response = client.post(
        "/accounts/recover/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/recover/code/"
    person.user.refresh_from_db()
    assert person.user.check_password("pw-test-123")


def test_a_failed_send_is_logged_without_the_number(person, settings, caplog, request_code):
    settings.SMS_BACKEND = "core.sms.aliyun.AliyunSmsBackend"
    settings.SMS_TEMPLATES = {}
    request_code(identifier="YG777")
    assert "could not be sent" in caplog.text
    assert "13911112222" not in caplog.text


@pytest.mark.parametrize(("minutes", "english"), [(1, "valid for 1 minute."), (2, "valid for 2 minutes.")])
def test_the_message_counts_its_minutes_in_english(person, sms_outbox, request_code, settings, minutes, english):
    settings.ACCOUNTS_RESET_CODE_MINUTES = minutes
    settings.LANGUAGE_CODE = "en"  # the text message is written in the site's language
    request_code(identifier="YG777")
    [message] = sms_outbox
    assert english in message.text
