import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from notifications.services import NotificationRequest, notification_send, notifications_send
from skills.notices import PROMOTION_APPROVED
from tests.factories.courses import CatalogPageFactory  # noqa: F401 - the home page's tree
from tests.factories.org import StaffProfileFactory
from tests.notifications.conftest import REMINDER
from tests.notifications.helpers import remind

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")


@pytest.fixture
def signed_in(client, person):
    client.force_login(person.user)
    return client


def test_the_bell_shows_the_unread_count_on_every_page(signed_in, person):
    remind(person, key="a")
    remind(person, key="b")
    page = signed_in.get(reverse("quizzes:my_results")).content.decode()
    assert f'href="{INBOX}"' in page
    assert '<span class="bell-count">2</span>' in page
    assert "Notifications: 2 unread" in page


def _bell(client) -> str:
    page = client.get(reverse("quizzes:my_results")).content.decode()
    return page[page.index('<a class="bell"') :].split("</a>")[0]


def test_the_bell_counts_again_after_each_change_and_not_otherwise(signed_in, person):
    remind(person, key="a")
    assert "Notifications: 1 unread" in _bell(signed_in)
    with CaptureQueriesContext(connection) as unchanged:
        assert "Notifications: 1 unread" in _bell(signed_in)
    assert not [q for q in unchanged.captured_queries if "notifications_notification" in q["sql"]]

    notifications_send(  # a batch: bulk_create sends no signal
        requests=[NotificationRequest(user_id=person.user_id, key=f"batch:{n}", notice=REMINDER) for n in range(2)]
    )
    assert '<span class="bell-count">3</span>' in _bell(signed_in)

    first = Notification.objects.filter(user=person.user).order_by("pk").first()
    signed_in.post(reverse("notifications:read", args=[first.pk]))
    assert '<span class="bell-count">2</span>' in _bell(signed_in)

    signed_in.post(reverse("notifications:read_all"))  # an update sends no signal
    assert "bell-count" not in _bell(signed_in)

    remind(person, key="b")
    assert '<span class="bell-count">1</span>' in _bell(signed_in)
    Notification.objects.filter(user=person.user, key="b").delete()
    assert "bell-count" not in _bell(signed_in)


def test_no_count_is_shown_when_everything_is_read(signed_in, person):
    remind(person)
    Notification.objects.update(read_at="2026-01-01T00:00Z")
    assert "bell-count" not in signed_in.get(INBOX).content.decode()


def test_the_inbox_lists_the_persons_own_notifications_in_their_language(signed_in, person):
    remind(person)
    remind(StaffProfileFactory(), key="someone-else")
    page = signed_in.get(INBOX).content.decode()
    assert page.count("Follow-up evaluation due: 李雷") == 1
    signed_in.post(reverse("set_language"), {"language": "zh-hans", "next": INBOX})
    assert "Follow-up evaluation due" in signed_in.get(INBOX).content.decode()  # a test notice: no catalogue


def test_marking_read_is_a_post_and_opens_the_link(signed_in, person):
    from notifications.services import notification_send
    from tests.notifications.conftest import REMINDER

    notification, _created = notification_send(
        user_id=person.user_id, key="k", notice=REMINDER, params={"name": "x"}, url="/skills/follow-ups/"
    )
    read_url = reverse("notifications:read", args=[notification.pk])
    assert signed_in.get(read_url).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None
    response = signed_in.post(read_url, {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/skills/follow-ups/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_can_mark_another_persons_notification(signed_in):
    theirs = remind(StaffProfileFactory())
    assert signed_in.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_ones_own(signed_in, person):
    remind(person, key="a")
    remind(person, key="b")
    theirs = remind(StaffProfileFactory(), key="a")
    signed_in.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=person.user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_inbox_takes_the_same_queries_however_many_notifications(signed_in, person):
    remind(person, key="first")
    signed_in.get(INBOX)  # warm the per-process caches (the Site, the session's user)
    with CaptureQueriesContext(connection) as few:
        signed_in.get(INBOX)
    for n in range(15):
        remind(person, key=f"more{n}")
    signed_in.get(INBOX)  # the bell counts again once after a change (test_the_bell_counts_again_…)
    with CaptureQueriesContext(connection) as many:
        signed_in.get(INBOX)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_person_chooses_their_channels(signed_in, person, smtp_fake, wecom_fake):
    from notifications.models import ChannelChoice

    page = signed_in.get(reverse("notifications:channels")).content.decode()
    assert "WeCom" in page and "DingTalk" not in page  # only what is configured is offered
    signed_in.post(reverse("notifications:channels"), {"follow_up": ["wecom"], "certificate": []})
    assert ChannelChoice.objects.get(user=person.user, kind="follow_up").channels == ["wecom"]
    assert ChannelChoice.objects.get(user=person.user, kind="certificate").channels == []
    signed_in.post(reverse("notifications:channels"), {"reset": "1"})
    assert not ChannelChoice.objects.filter(user=person.user).exists()


def test_the_same_notification_reads_in_chinese_then_in_english(signed_in, person):
    notification_send(
        user_id=person.user_id,
        key="promotion:1:approved",
        notice=PROMOTION_APPROVED,
        params={"level": 2, "post": "秩序维护员"},
    )
    chinese = signed_in.get(INBOX, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Promotion approved" not in chinese and "秩序维护员" in chinese
    english = signed_in.get(INBOX, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Promotion approved: level 2 in 秩序维护员" in english
