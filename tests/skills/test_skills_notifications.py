"""The skills app's own facts reach people through the notification service: a promotion waiting
for its manager, a promotion approved, an export ready. Once each."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import translation

from notifications.models import Notification
from skills.models import CriterionKind, DashboardExport, PromotionRecommendation
from skills.services import dashboard_export_build, promotion_decide, promotion_recommendations_refresh
from tests.factories.org import HRAdminFactory, ManagerFactory, StaffProfileFactory
from tests.factories.skills import DashboardExportFactory, LevelCriterionFactory, LevelLadderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_person():
    manager = ManagerFactory()
    person = StaffProfileFactory(name="王芳", post_since=dt.date(2020, 1, 1), manager=manager, site=manager.site)
    ladder = LevelLadderFactory(post=person.post)
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=1)
    return person, manager


def test_a_new_recommendation_reaches_the_persons_manager_once(ready_person):
    person, manager = ready_person
    promotion_recommendations_refresh()
    promotion_recommendations_refresh()
    [waiting] = Notification.objects.all()
    recommendation = PromotionRecommendation.objects.get()
    assert (waiting.user_id, waiting.key) == (manager.user_id, f"promotion:{recommendation.pk}:recommended")
    with translation.override("zh-hans"):
        assert waiting.title_text == f"待审批晋级：王芳，{person.post.name} 1 级"


def test_without_a_manager_the_sites_managers_or_else_hr_decide():
    hr = HRAdminFactory()
    person = StaffProfileFactory(post_since=dt.date(2020, 1, 1))
    LevelCriterionFactory(
        ladder=LevelLadderFactory(post=person.post), level=1, kind=CriterionKind.MONTHS_IN_POST, months=1
    )
    promotion_recommendations_refresh()
    assert list(Notification.objects.values_list("user_id", flat=True)) == [hr.user_id]


def test_an_approval_is_announced_to_the_person(ready_person):
    person, manager = ready_person
    promotion_recommendations_refresh()
    recommendation = PromotionRecommendation.objects.get()
    promotion_decide(recommendation=recommendation, decided_by=manager.user, approve=True)
    approved = Notification.objects.get(user=person.user)
    assert approved.key == f"promotion:{recommendation.pk}:approved"
    with translation.override("zh-hans"):
        assert approved.title_text == f"晋级已批准：{person.post.name} 1 级"


def test_a_rejection_tells_the_person_nothing(ready_person):
    person, manager = ready_person
    promotion_recommendations_refresh()
    promotion_decide(
        recommendation=PromotionRecommendation.objects.get(), decided_by=manager.user, approve=False, note="再观察"
    )
    assert not Notification.objects.filter(user=person.user).exists()


def test_a_ready_export_is_announced_to_its_requester_once(world):
    export = DashboardExportFactory(
        requested_by=world.manager_a.user, table="matrix", status=DashboardExport.Status.QUEUED, finished_at=None
    )
    with mock.patch("skills.services.exports.dashboard_export", return_value=(b"PK", 12)):
        dashboard_export_build(export_id=export.pk)
        dashboard_export_build(export_id=export.pk)
    [ready] = Notification.objects.filter(user=world.manager_a.user, kind="export")
    assert ready.key == f"dashboard_export:{export.pk}:ready"
    assert ready.url == "/skills/team/exports/"
    with translation.override("zh-hans"):
        assert ready.title_text == "导出已完成：12 行"
