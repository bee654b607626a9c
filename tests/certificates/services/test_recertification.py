"""Recertification when the refresher is the certified course itself (a yearly safety course):
the first expiry reminder starts a new cycle of the course at 0 %, completing it again renews the
certificate, and the earlier cycle stays in the history."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from certificates.models import Certificate
from certificates.services import certificate_expiry_reminders_send
from courses.models import CourseEnrolment, StepCompletion
from courses.models.records import AssignmentSource, StepSource
from courses.services import lesson_mark_done, step_complete
from tests.factories.certificates import CertificateTemplateFactory, CourseRuleFactory
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db

ISSUED = dt.date(2026, 1, 15)
EXPIRES = dt.date(2027, 1, 15)


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def safety(catalog):
    """A yearly safety course that is its own refresher, completed on ISSUED with a scored step."""
    course = CoursePageFactory(parent=catalog, title="消防安全")
    course.lessons = [LessonPageFactory(parent=course), LessonPageFactory(parent=course)]
    CourseRuleFactory(course=course, refresher_course=course, template=CertificateTemplateFactory(validity_months=12))
    holder = StaffProfileFactory(name="黄丽")
    holder.user.email = "huangli@example.cn"
    holder.user.save()
    with at(ISSUED):
        lesson_mark_done(user=holder.user, lesson=course.lessons[0])
        step_complete(user=holder.user, step=course.lessons[1], source=StepSource.QUIZ, score=Decimal("70"))
    course.holder = holder.user
    return course


def test_the_refresher_that_is_the_original_course_starts_a_new_cycle(safety):
    certificate = Certificate.objects.get(user=safety.holder)
    assert certificate.expires_on == EXPIRES
    with at(EXPIRES - dt.timedelta(days=60)):
        certificate_expiry_reminders_send()
    first, refresher = CourseEnrolment.objects.filter(user=safety.holder, course=safety).order_by("cycle")
    assert first.completed_at is not None and first.progress_percent == 100
    assert (refresher.cycle, refresher.progress_percent, refresher.completed_at) == (2, 0, None)
    assert (refresher.source, refresher.due_date) == (AssignmentSource.REFRESHER, EXPIRES)


def test_completing_the_new_cycle_renews_the_certificate_and_keeps_the_history(safety):
    certificate = Certificate.objects.get(user=safety.holder)
    with at(EXPIRES - dt.timedelta(days=60)):
        certificate_expiry_reminders_send()
    with at(EXPIRES - dt.timedelta(days=20)):
        lesson_mark_done(user=safety.holder, lesson=safety.lessons[0])
        assert not Certificate.objects.filter(renewed_from=certificate).exists()  # half done: no renewal
        step_complete(user=safety.holder, step=safety.lessons[1], source=StepSource.QUIZ, score=Decimal("90"))
    renewal = Certificate.objects.get(renewed_from=certificate)
    assert renewal.cycle == 2
    assert renewal.issued_on == EXPIRES - dt.timedelta(days=20)
    assert renewal.score == Decimal("90.0")  # the new cycle's score, not the old one's
    first, second = CourseEnrolment.objects.filter(user=safety.holder, course=safety).order_by("cycle")
    assert first.completed_at.date() == ISSUED and second.completed_at.date() == EXPIRES - dt.timedelta(days=20)
    assert StepCompletion.objects.filter(user=safety.holder, cycle=1).count() == 2
    assert StepCompletion.objects.filter(user=safety.holder, cycle=2).count() == 2
    # The renewed certificate gets no more reminders, and no third cycle starts.
    with at(EXPIRES - dt.timedelta(days=7)):
        assert certificate_expiry_reminders_send() == 0
    assert CourseEnrolment.objects.filter(user=safety.holder, course=safety).count() == 2


def test_reminders_run_again_start_no_second_new_cycle(safety):
    for days in (60, 59, 30, 7):
        with at(EXPIRES - dt.timedelta(days=days)):
            certificate_expiry_reminders_send()
    assert list(
        CourseEnrolment.objects.filter(user=safety.holder, course=safety).order_by("cycle").values_list("cycle")
    ) == [(1,), (2,)]


def test_a_rule_whose_refresher_is_its_own_course_is_valid(catalog):
    """The rule editor once refused it ("the refresher course must differ"), so the usual yearly
    case could not be set up by a trainer at all."""
    course = CoursePageFactory(parent=catalog, title="消防安全")
    rule = CourseRuleFactory(course=course, refresher_course=course)
    rule.full_clean()
