import pytest
from django.urls import reverse

from notifications.models import ChannelChoice
from tests.factories.org import HRAdminFactory, ManagerFactory, StaffProfileFactory, TrainerFactory
from tests.notifications.helpers import remind, send_all_due

pytestmark = pytest.mark.django_db

REPORT = reverse("notifications:delivery")


def test_undelivered_notifications_are_counted_and_named_for_hr(client, smtp_fake):
    unreachable = StaffProfileFactory(name="赵敏", email="", phone="")
    refused = StaffProfileFactory(name="钱伟", email="gone@example.com")
    reached = StaffProfileFactory(name="孙丽", email="ok@example.com")
    smtp_fake.refuse["gone@example.com"] = "550 5.1.1 No such user"
    for profile in (unreachable, refused, reached):
        remind(profile)
    send_all_due()
    client.force_login(HRAdminFactory().user)
    page = client.get(REPORT).content.decode()
    assert '<strong class="error" id="undelivered-count">2</strong>' in page
    assert "赵敏" in page and "no address on file" in page
    assert "钱伟" in page and "550" in page
    assert "孙丽" not in page


def test_an_undelivered_notification_read_in_the_app_leaves_the_count(client, smtp_fake):
    profile = StaffProfileFactory(email="", phone="")
    notification = remind(profile)
    notification.read_at = notification.created_at
    notification.save()
    client.force_login(HRAdminFactory().user)
    assert 'id="undelivered-count">0<' in client.get(REPORT).content.decode()
    assert "no address on file" in client.get(REPORT, {"everything": "on"}).content.decode()


@pytest.mark.parametrize("factory", [StaffProfileFactory, TrainerFactory, ManagerFactory])
def test_only_hr_sees_the_report(client, factory):
    client.force_login(factory().user)
    assert client.get(REPORT).status_code == 403
    assert client.post(REPORT, {"defaults-follow_up": ["email"]}).status_code == 403


def test_hr_sets_the_company_defaults(client, smtp_fake, wecom_fake):
    client.force_login(HRAdminFactory().user)
    client.post(REPORT, {"defaults-follow_up": ["wecom"], "defaults-certificate": ["email", "wecom"]})
    assert ChannelChoice.objects.get(user=None, kind="follow_up").channels == ["wecom"]
    assert ChannelChoice.objects.get(user=None, kind="certificate").channels == ["email", "wecom"]
    assert ChannelChoice.objects.get(user=None, kind="digest").channels == []


def test_the_navigation_links_hr_to_the_report(client):
    client.force_login(HRAdminFactory().user)
    assert f'href="{REPORT}"' in client.get(reverse("notifications:inbox")).content.decode()
