"""The managers' weekly digest: their team's overdue training, follow-ups due this week and
certificates expiring, once a week, nothing for a manager with nothing to report."""

import datetime as dt

import pytest
from django.utils import translation

from courses.models import CourseEnrolment
from lms.digest import manager_digests_send
from lms.notices import MANAGER_DIGEST
from notifications.messages import render
from notifications.models import Notification
from skills.models import FollowUp
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import CoursePageFactory
from tests.factories.org import ManagerFactory, SiteFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 12, 7)


@pytest.fixture
def team(catalog):
    manager = ManagerFactory(name="张经理")
    late = StaffProfileFactory(name="李雷", site=manager.site)
    course = CoursePageFactory(title="消防安全")
    CourseEnrolment.objects.create(user=late.user, course=course, due_date=MONDAY - dt.timedelta(days=2))
    enrolment = CourseEnrolment.objects.create(
        user=late.user, course=CoursePageFactory(title="客服礼仪"), completed_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    )
    FollowUp.objects.create(
        trainee=late.user,
        course=enrolment.course,
        enrolment=enrolment,
        months=3,
        due_date=MONDAY + dt.timedelta(days=3),
    )
    FollowUp.objects.create(
        trainee=late.user,
        course=enrolment.course,
        enrolment=enrolment,
        months=6,
        due_date=MONDAY + dt.timedelta(days=40),
    )
    CertificateFactory(
        user=late.user, holder_name="李雷", achievement="电工作业", expires_on=MONDAY + dt.timedelta(days=20)
    )
    elsewhere = StaffProfileFactory(site=SiteFactory())
    CourseEnrolment.objects.create(user=elsewhere.user, course=course, due_date=MONDAY - dt.timedelta(days=9))
    return manager


def test_a_manager_gets_their_teams_digest_once_a_week(team):
    assert manager_digests_send(today=MONDAY) == 1
    assert manager_digests_send(today=MONDAY + dt.timedelta(days=1)) == 0
    [digest] = Notification.objects.filter(user=team.user)
    assert digest.key == "digest:2026-W50"
    assert (digest.params["overdue"], digest.params["follow_ups"], digest.params["expiring"]) == (1, 1, 1)
    with translation.override("zh-hans"):
        assert digest.title_text == "本周团队概况：1 项培训逾期，1 项跟踪评估到期，1 张证书即将到期"
        assert "李雷《消防安全》" in digest.body_text
        assert "李雷《电工作业》12-27" in digest.body_text
    assert manager_digests_send(today=MONDAY + dt.timedelta(days=7)) == 1


def test_a_manager_with_nothing_to_report_gets_nothing(catalog):
    ManagerFactory()
    assert manager_digests_send(today=MONDAY) == 0
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("counts", "english"),
    [
        ((1, 1, 1), "Your team this week: 1 overdue, 1 follow-up due, 1 certificate expiring"),
        ((2, 0, 3), "Your team this week: 2 overdue, 0 follow-ups due, 3 certificates expiring"),
    ],
)
def test_each_count_of_the_title_takes_its_own_singular_or_plural(counts, english):
    params = dict(zip(("overdue", "follow_ups", "expiring"), counts, strict=True))
    title, _body = render(message_id=MANAGER_DIGEST.id, params=params, title={}, body={}, kind="digest", language="en")
    assert title == english
    title, _body = render(
        message_id=MANAGER_DIGEST.id, params=params, title={}, body={}, kind="digest", language="zh-hans"
    )
    assert title == "本周团队概况：{} 项培训逾期，{} 项跟踪评估到期，{} 张证书即将到期".format(*counts)
