"""A course's figures against a hand-computed example: four people enrolled (two in May, two in
June), three quiz attempts, and steps done lesson → quiz → lesson by 3, 2 and 1 of them."""

import datetime as dt

import pytest

from analytics.selectors import course_analytics
from courses.models import CourseEnrolment, StepTime
from courses.models.records import StepSource
from courses.services import course_enrol, lesson_mark_done, step_complete
from tests.analytics.conftest import TODAY, at, graded_attempt
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import StaffProfileFactory
from tests.factories.quizzes import QuestionFactory, QuizPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_world(catalog):
    course = CoursePageFactory(parent=catalog, title="消防安全", slug="fire")
    first = LessonPageFactory(parent=course, title="火灾报警")
    quiz = QuizPageFactory(parent=course, title="消防测验", questions=[QuestionFactory()])
    last = LessonPageFactory(parent=course, title="疏散演练")
    people = [StaffProfileFactory().user for _ in range(4)]
    for user in people:
        course_enrol(user=user, course=course)
    months = [dt.date(2026, 5, 3), dt.date(2026, 5, 20), dt.date(2026, 6, 2), dt.date(2026, 6, 10)]
    for user, day in zip(people, months, strict=True):
        CourseEnrolment.objects.filter(user=user, course=course).update(assigned_at=at(day))
    for user in people[:3]:
        lesson_mark_done(user=user, lesson=first)
    for user in people[:2]:
        step_complete(user=user, step=quiz, source=StepSource.QUIZ)
    lesson_mark_done(user=people[0], lesson=last)
    # Measured time: the first lesson 300 s + 100 s on two days, 200 s and 600 s (per person 400,
    # 200, 600: median 400); the quiz 240 s and 600 s (median 420); the last lesson nobody's.
    for user, day, step, seconds in [
        (people[0], dt.date(2026, 6, 2), first, 300),
        (people[0], dt.date(2026, 6, 3), first, 100),
        (people[1], dt.date(2026, 5, 20), first, 200),
        (people[2], dt.date(2026, 6, 3), first, 600),
        (people[0], dt.date(2026, 6, 3), quiz, 240),
        (people[1], dt.date(2026, 5, 21), quiz, 600),
    ]:
        StepTime.objects.create(
            user=user, step=step, course=course, kind="quiz" if step == quiz else "lesson", day=day, seconds=seconds
        )
    # Attempts: 240 s passed (June), 600 s passed (May), 120 s failed (June).
    graded_attempt(quiz=quiz, user=people[0], started=at(dt.date(2026, 6, 3)), seconds=240)
    graded_attempt(quiz=quiz, user=people[1], started=at(dt.date(2026, 5, 21)), seconds=600)
    graded_attempt(quiz=quiz, user=people[2], started=at(dt.date(2026, 6, 4)), seconds=120, passed=False)
    return course


def test_completion_and_pass_rates_by_month(course_world):
    a = course_analytics(course=course_world, today=TODAY)
    assert (a.enrolled, a.completed, a.completion_rate) == (4, 1, 0.25)
    months = {m.month: m for m in a.months}
    assert len(a.months) == 12 and a.months[-1].month == dt.date(2026, 6, 1)
    may, june = months[dt.date(2026, 5, 1)], months[dt.date(2026, 6, 1)]
    assert (may.assigned, may.completed, may.completion_rate) == (2, 1, 0.5)
    assert (june.assigned, june.completed, june.completion_rate) == (2, 0, 0)
    assert (may.graded, may.passed, may.pass_rate) == (1, 1, 1.0)
    assert (june.graded, june.passed, june.pass_rate) == (2, 1, 0.5)
    assert months[dt.date(2026, 4, 1)].completion_rate is None


def test_drop_off_and_median_time_per_step(course_world):
    steps = course_analytics(course=course_world, today=TODAY).steps
    assert [s.title for s in steps] == ["火灾报警", "消防测验", "疏散演练"]
    assert [(s.reached, s.completed, s.dropped) for s in steps] == [(4, 3, 1), (3, 2, 1), (2, 1, 1)]
    assert [s.median_seconds for s in steps] == [400, 420, None]


def test_query_count_does_not_grow_with_learners(course_world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        course_analytics(course=course_world, today=TODAY)
    quiz = course_world.get_children().type(QuizPageFactory._meta.model).first().specific
    for i in range(10):
        user = StaffProfileFactory().user
        course_enrol(user=user, course=course_world)
        graded_attempt(quiz=quiz, user=user, started=at(dt.date(2026, 6, 5)), seconds=60 + i)
    with CaptureQueriesContext(connection) as many:
        course_analytics(course=course_world, today=TODAY)
    assert len(many.captured_queries) == len(few.captured_queries)
