"""A small world with known completions, stated hours, targets and one person who changed post
mid-year (the arithmetic is in tests/hours/test_hours_report.py)."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from courses.models import CourseEnrolment, CourseStepCredit, StepCompletion, StepTime
from hours.services import hours_target_set
from org.services import post_tenure_record
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import (
    DepartmentFactory,
    HRAdminFactory,
    ManagerFactory,
    PostFactory,
    SiteFactory,
    StaffProfileFactory,
)


def shanghai(year, month, day, hour=12, minute=0):
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def complete(user, course, at, cycle=1):
    CourseEnrolment.objects.create(user=user, course=course, cycle=cycle, completed_at=at, progress_percent=100)


def complete_step(user, step, at, cycle=1):
    """A step completed at `at` (completed_at is set on creation, so it is moved afterwards)."""
    done = StepCompletion.objects.create(
        user=user, step=step, course=step.get_parent().specific, source="lesson", cycle=cycle
    )
    StepCompletion.objects.filter(pk=done.pk).update(completed_at=at)
    return done


def step_credit(course, step, hours):
    return CourseStepCredit.objects.create(course=course, step=step, credit_hours=Decimal(hours))


@pytest.fixture
def world(catalog):
    post_a, post_b = PostFactory(code="kefu"), PostFactory(code="gongcheng")
    site_1, site_2 = SiteFactory(), SiteFactory()
    hours_target_set(post=post_a, hours_per_year=Decimal("24"))
    hours_target_set(post=post_b, hours_per_year=Decimal("12"))
    hours_target_set(post=post_a, hours_per_year=Decimal("10"), subject_area="emergency")
    c1 = CoursePageFactory(parent=catalog, estimated_hours=Decimal("3.0"), subject_area="emergency")
    c2 = CoursePageFactory(parent=catalog, estimated_hours=Decimal("2.5"), subject_area="law")
    c3 = CoursePageFactory(parent=catalog, estimated_hours=Decimal("5.0"), subject_area="law")
    lesson = LessonPageFactory(parent=c1)
    # P: post A from 1 January, post B from 1 April 2025; now in post B on site 1.
    p = StaffProfileFactory(post=post_b, site=site_1, name="甲")
    post_tenure_record(profile=p, post_id=post_a.pk, on=dt.date(2025, 1, 1))
    post_tenure_record(profile=p, post_id=post_b.pk, on=dt.date(2025, 4, 1))
    complete(p.user, c1, shanghai(2025, 2, 10))
    complete(p.user, c2, shanghai(2025, 6, 1))
    complete(p.user, c3, shanghai(2024, 12, 31, 23, 30))  # the year before: not in 2025
    complete(p.user, c1, shanghai(2025, 11, 5), cycle=2)  # a refresher counts again
    StepTime.objects.create(user=p.user, step=lesson, course=c1, kind="lesson", day=dt.date(2025, 2, 9), seconds=1800)
    StepTime.objects.create(user=p.user, step=lesson, course=c1, kind="lesson", day=dt.date(2025, 2, 10), seconds=900)
    StepTime.objects.create(user=p.user, step=lesson, course=c1, kind="lesson", day=dt.date(2024, 12, 1), seconds=999)
    # Q: post B all year, site 2.
    q = StaffProfileFactory(post=post_b, site=site_2, name="乙")
    post_tenure_record(profile=q, post_id=post_b.pk, on=dt.date(2024, 6, 1))
    complete(q.user, c3, shanghai(2025, 3, 3))
    StepTime.objects.create(user=q.user, step=lesson, course=c1, kind="lesson", day=dt.date(2025, 3, 3), seconds=5400)
    # R: post C all year, site 2, department D. Course c4 is credited step by step: three of its
    # four steps carry credit hours (1.0, 1.5, 2.0), so its 8.0 stated hours are never credited.
    post_c, department = PostFactory(code="baoan"), DepartmentFactory(site=site_2)
    hours_target_set(post=post_c, hours_per_year=Decimal("10"))
    c4 = CoursePageFactory(parent=catalog, estimated_hours=Decimal("8.0"), subject_area="complaints")
    s1, s2, s3, s4 = (LessonPageFactory(parent=c4) for _ in range(4))
    step_credit(c4, s1, "1.0")
    step_credit(c4, s2, "1.5")
    step_credit(c4, s3, "2.0")
    r = StaffProfileFactory(post=post_c, site=site_2, department=department, name="丙")
    post_tenure_record(profile=r, post_id=post_c.pk, on=dt.date(2024, 1, 1))
    complete_step(r.user, s3, shanghai(2024, 12, 20))  # the year before: not in 2025
    complete_step(r.user, s1, shanghai(2025, 3, 10))
    complete_step(r.user, s4, shanghai(2025, 6, 30))  # no credit hours: credits nothing
    complete_step(r.user, s2, shanghai(2025, 7, 1))
    complete(r.user, c4, shanghai(2025, 7, 1))  # credited by its steps, not its 8.0 hours
    return SimpleNamespace(
        p=p,
        q=q,
        r=r,
        post_c=post_c,
        department=department,
        c4=c4,
        c4_steps=(s1, s2, s3, s4),
        post_a=post_a,
        post_b=post_b,
        site_1=site_1,
        site_2=site_2,
        c1=c1,
        manager_1=ManagerFactory(site=site_1, post=None, managed_sites=[site_1]),
        hr=HRAdminFactory(site=site_2, post=None),
    )
