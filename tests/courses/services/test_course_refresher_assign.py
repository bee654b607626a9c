"""A refresher of a course already completed starts the next cycle of the enrolment: a new
enrolment at 0 % whose progress counts only its own completions, while the completed cycle stays
as it was."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import CourseEnrolment, StepCompletion
from courses.models.records import AssignmentSource
from courses.selectors import course_outline, my_learning, step_context
from courses.services import course_enrol, course_refresher_assign, lesson_mark_done
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db

DUE = dt.date(2027, 1, 15)


@pytest.fixture
def course(catalog):
    course = CoursePageFactory(parent=catalog, title="消防安全年度复训")
    course.lessons = [LessonPageFactory(parent=course) for _ in range(2)]
    return course


@pytest.fixture
def user(db):
    return StaffProfileFactory().user


def _complete(user, course):
    for lesson in course.lessons:
        lesson_mark_done(user=user, lesson=lesson)
    return CourseEnrolment.objects.get(user=user, course=course, cycle=1)


def test_a_completed_course_assigned_as_refresher_starts_a_new_cycle_at_zero(user, course):
    first = _complete(user, course)
    assert first.completed_at is not None

    refresher = course_refresher_assign(user=user, course=course, due_date=DUE)

    assert refresher.pk != first.pk
    assert (refresher.cycle, refresher.progress_percent, refresher.completed_at) == (2, 0, None)
    assert (refresher.source, refresher.due_date) == (AssignmentSource.REFRESHER, DUE)
    first.refresh_from_db()
    assert first.completed_at is not None and first.progress_percent == 100  # history kept


def test_the_new_cycle_counts_only_its_own_completions_and_completes_again(user, course):
    first = _complete(user, course)
    course_refresher_assign(user=user, course=course, due_date=DUE)

    lesson_mark_done(user=user, lesson=course.lessons[0])
    refresher = CourseEnrolment.objects.get(user=user, course=course, cycle=2)
    assert refresher.progress_percent == 50 and refresher.completed_at is None
    lesson_mark_done(user=user, lesson=course.lessons[1])
    refresher.refresh_from_db()
    assert refresher.progress_percent == 100 and refresher.completed_at is not None
    assert sorted(StepCompletion.objects.filter(user=user).values_list("cycle", flat=True)) == [1, 1, 2, 2]
    first.refresh_from_db()
    assert first.completed_at < refresher.completed_at


def test_assigning_the_refresher_twice_starts_one_cycle(user, course):
    _complete(user, course)
    once = course_refresher_assign(user=user, course=course, due_date=DUE)
    again = course_refresher_assign(user=user, course=course, due_date=DUE)
    assert once.pk == again.pk
    assert CourseEnrolment.objects.filter(user=user, course=course).count() == 2
    assert course_enrol(user=user, course=course).pk == once.pk  # enrolling returns the current cycle


def test_a_refresher_not_yet_taken_is_its_first_cycle(user, course):
    enrolment = course_refresher_assign(user=user, course=course, due_date=DUE)
    assert (enrolment.cycle, enrolment.source, enrolment.due_date) == (1, AssignmentSource.REFRESHER, DUE)


def test_the_trainee_sees_the_new_cycle_and_the_earlier_one_in_history(client, user, course):
    first = _complete(user, course)
    course_refresher_assign(user=user, course=course, due_date=DUE)

    outline = course_outline(course=course, user=user)
    assert outline.enrolment.cycle == 2 and outline.percent == 0 and not outline.is_complete
    assert [e.pk for e in outline.earlier] == [first.pk]
    assert step_context(step=course.lessons[0], user=user)["is_done"] is False
    learning = my_learning(user=user)
    [row] = learning.other_enrolments
    assert row.cycle == 2 and row.previous_completed_at == first.completed_at

    client.force_login(user)
    page = client.get(course.url).content.decode()
    assert 'id="course-history"' in page and f"{timezone.localtime(first.completed_at):%Y-%m-%d}" in page
    mine = client.get(reverse("courses:my_learning")).content.decode()
    assert "previous-cycle" in mine
