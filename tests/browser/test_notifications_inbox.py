"""The bell on a 390 px phone: a 44 px target with the unread count, the inbox in Chinese, and
opening a notification marks it read and goes where it points."""

import pytest
from django.utils.translation import gettext_lazy as _

from notifications.messages import Kind, Notice
from notifications.models import Notification
from notifications.services import notification_send
from tests.browser.helpers import login
from tests.factories.org import StaffProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A catalogued text: the reader's language (zh-hans here) comes from the app's translations.
EXPORT_READY = Notice(id="tests.browser.export_ready", kind=Kind.EXPORT, title=_("Notifications"), body=_("Open"))


def test_the_bell_counts_unread_and_opening_one_marks_it_read(phone, settings):
    settings.NOTIFICATION_CHANNELS = {"email": {"ENABLED": False}, "wecom": {}, "dingtalk": {}, "sms": {}}
    person = StaffProfileFactory(user=UserFactory(username="lilei"), name="李雷")
    for n in range(3):
        notification_send(user_id=person.user_id, key=f"k{n}", notice=EXPORT_READY, url="/quizzes/mine/")
    login(phone, "lilei")
    bell = phone.locator("a.bell")
    box = bell.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert bell.locator(".bell-count").inner_text() == "3"
    assert bell.get_attribute("aria-label") == "通知：3 条未读"
    bell.click()
    phone.wait_for_url("**/notifications/")
    assert phone.locator("ul.inbox li.unread").count() == 3
    assert "通知" in phone.locator("ul.inbox li").first.inner_text()
    phone.locator("ul.inbox li").first.get_by_role("button", name="打开").click()
    phone.wait_for_url("**/quizzes/mine/")
    assert phone.locator("a.bell .bell-count").inner_text() == "2"
    assert Notification.objects.filter(read_at__isnull=False).count() == 1
    phone.goto("/notifications/")
    phone.get_by_role("button", name="全部标为已读").click()
    phone.wait_for_url("**/notifications/")
    assert phone.locator("a.bell .bell-count").count() == 0
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
