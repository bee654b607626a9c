"""A small two-site company for the skills tests (views, scope, browser)."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from courses.models import CourseEnrolment
from org.models import StaffProfile
from skills.models import CriterionKind, EvidenceKind, FollowUp, PromotionRecommendation
from skills.services import evidence_record
from tests.factories.courses import CoursePageFactory
from tests.factories.org import ManagerFactory, PostFactory, SiteFactory, StaffProfileFactory
from tests.factories.skills import CompetencyFactory, LevelCriterionFactory, LevelLadderFactory, RubricFactory


@dataclass
class World:
    manager_a: StaffProfile
    manager_b: StaffProfile
    trainee_a: StaffProfile
    trainee_b: StaffProfile
    course: object
    follow_up_a: FollowUp
    follow_up_b: FollowUp
    promotion_a: PromotionRecommendation
    promotion_b: PromotionRecommendation
    rubric: object


def make_trainee(site, post, name, manager=None, **extra) -> StaffProfile:
    return StaffProfileFactory(
        site=site, post=post, name=name, manager=manager, post_since=dt.date(2025, 1, 1), **extra
    )


def complete(profile, course, days_ago=40):
    completed_at = timezone.now() - dt.timedelta(days=days_ago)
    enrolment = CourseEnrolment.objects.create(
        user=profile.user, course=course, completed_at=completed_at, progress_percent=100
    )
    from courses.events import CourseCompleted
    from skills.listeners import on_course_completed

    on_course_completed(
        CourseCompleted(
            enrolment_id=enrolment.pk, user_id=profile.user_id, course_id=course.pk, completed_at=completed_at
        )
    )
    return enrolment


@pytest.fixture
def world(catalog) -> World:
    site_a, site_b = SiteFactory(name="阳光花园", code="YG"), SiteFactory(name="翠湖苑", code="CH")
    kefu = PostFactory(code="kefu")
    listen = CompetencyFactory(code="listen", name="倾听")
    empathize = CompetencyFactory(code="empathize", name="共情")
    safety = CompetencyFactory(code="safety", name="安全")
    ladder = LevelLadderFactory(post=kefu, competencies=[listen, empathize, safety])
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=1)
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MANAGER_SIGN_OFF)
    manager_a = ManagerFactory(site=site_a, post=PostFactory(code="guanli"), name="陈经理")
    manager_b = ManagerFactory(site=site_b, post=PostFactory(code="guanli"), name="林经理")
    trainee_a = make_trainee(site_a, kefu, "王小明", manager_a)
    trainee_b = make_trainee(site_b, kefu, "黄丽", manager_b)
    course = CoursePageFactory(parent=catalog, title="投诉处理", objectives=["倾听并复述", "首问负责"])
    complete(trainee_a, course)
    complete(trainee_b, course)
    late_course = CoursePageFactory(parent=catalog, title="安全知识")
    for profile in (trainee_a, trainee_b):
        CourseEnrolment.objects.create(
            user=profile.user,
            course=late_course,
            due_date=timezone.localdate() - dt.timedelta(days=3),
            progress_percent=40,
        )
    for profile in (trainee_a, trainee_b):
        evidence_record(
            user=profile.user,
            kind=EvidenceKind.SCENARIO,
            title="情景",
            source_type="test",
            competency=listen,
            score=80,
            percent=80,
        )
    follow_up_a = FollowUp.objects.filter(trainee=trainee_a.user).order_by("months").first()
    follow_up_b = FollowUp.objects.filter(trainee=trainee_b.user).order_by("months").first()
    return World(
        manager_a=manager_a,
        manager_b=manager_b,
        trainee_a=trainee_a,
        trainee_b=trainee_b,
        course=course,
        follow_up_a=follow_up_a,
        follow_up_b=follow_up_b,
        promotion_a=PromotionRecommendation.objects.get(user=trainee_a.user),
        promotion_b=PromotionRecommendation.objects.get(user=trainee_b.user),
        rubric=RubricFactory(name="灭火器实操", competency=safety),
    )
