"""A person who forgot their password recovers it on a phone with the code sent by text message
(read from the memory SMS backend the test configures), and signs in with the new one."""

import pytest

from core.sms import LocmemSmsBackend
from tests.browser.helpers import login
from tests.factories.org import StaffProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Xin-mima-2025-qiu"


def test_a_person_recovers_a_forgotten_password_by_text_message(phone, settings, home_page):
    settings.SMS_BACKEND = "core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    person = StaffProfileFactory(employee_number="YG960", name="钱芳", phone="13912340960", user__username="YG960")

    phone.goto("/accounts/login/")
    phone.click("#forgot-password")
    phone.fill("#id_identifier", "139 1234 0960")
    phone.click("main form button[type=submit]")
    phone.wait_for_url("**/accounts/recover/code/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    [message] = LocmemSmsBackend.outbox
    assert message.phone == "13912340960"
    code = message.params["code"]
    assert code in message.text

    phone.fill("#id_code", code)
    phone.click("main form button[type=submit]")
    phone.wait_for_url("**/accounts/recover/password/")
    assert "钱芳" in phone.locator("main").inner_text()
    phone.fill("#id_new_password1", NEW_PASSWORD)
    phone.fill("#id_new_password2", NEW_PASSWORD)
    phone.click("main form button[type=submit]")
    phone.wait_for_url("**/learning/")

    phone.click("footer form button[type=submit]")
    phone.wait_for_url("**/accounts/login/")
    login(phone, "YG960", NEW_PASSWORD)
    assert phone.url.endswith("/learning/")
    person.user.refresh_from_db()
    assert not person.user.check_password("pw-test-123")
    LocmemSmsBackend.outbox.clear()
