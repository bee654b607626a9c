import datetime as dt

import pytest
import time_machine

from courses.selectors import course_outline, my_learning
from courses.services import course_enrol, lesson_mark_done, programme_assign
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(catalog):
    programme = ProgrammeFactory(due_days=8)
    for day in (1, 2):
        course = CoursePageFactory(parent=catalog)
        LessonPageFactory(parent=course)
        LessonPageFactory(parent=course)
        ProgrammeCourseFactory(programme=programme, course=course, day=day, sort_order=day)
    return programme


def test_courses_are_listed_in_programme_order_with_programme_progress(programme):
    user = UserFactory()
    programme_assign(programme=programme, user=user)
    first_course = programme.programme_courses.order_by("sort_order")[0].course
    lesson_mark_done(user=user, lesson=first_course.get_children().specific()[0])

    learning = my_learning(user=user)

    [entry] = learning.programmes
    assert [e.course_id for e in entry.enrolments] == [
        pc.course_id for pc in programme.programme_courses.order_by("sort_order")
    ]
    assert [e.progress_percent for e in entry.enrolments] == [50, 0]
    assert entry.percent == 25
    assert entry.next_enrolment.course_id == first_course.pk
    assert learning.other_enrolments == []


def test_courses_outside_any_programme_are_listed_separately(programme, catalog):
    user = UserFactory()
    extra = CoursePageFactory(parent=catalog)
    course_enrol(user=user, course=extra)
    learning = my_learning(user=user)
    assert learning.programmes == []
    assert [e.course_id for e in learning.other_enrolments] == [extra.pk]


def test_overdue_is_counted_only_for_unfinished_courses_past_their_due_date(programme):
    user = UserFactory()
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)):
        programme_assign(programme=programme, user=user)
    with time_machine.travel(dt.datetime(2026, 3, 2, 23, tzinfo=dt.UTC)):  # 3 March in Shanghai
        learning = my_learning(user=user)
        assert learning.overdue_count == 1
        assert not learning.programmes[0].is_overdue
        first_course = learning.programmes[0].enrolments[0].course
        for lesson in first_course.get_children().specific():
            lesson_mark_done(user=user, lesson=lesson)
        assert my_learning(user=user).overdue_count == 0
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC)):
        learning = my_learning(user=user)
        assert learning.overdue_count == 1
        assert learning.programmes[0].is_overdue


def test_the_outline_resumes_at_the_first_required_step_not_done(catalog):
    course = CoursePageFactory(parent=catalog)
    optional = LessonPageFactory(parent=course, is_required=False)
    first, second = LessonPageFactory(parent=course), LessonPageFactory(parent=course)
    user = UserFactory()
    assert course_outline(course=course, user=user).resume.pk == first.pk
    lesson_mark_done(user=user, lesson=first)
    outline = course_outline(course=course, user=user)
    assert outline.resume.pk == second.pk
    assert (outline.required_done, outline.required_total, outline.percent) == (1, 2, 50)
    lesson_mark_done(user=user, lesson=second)
    outline = course_outline(course=course, user=user)
    assert outline.is_complete
    assert outline.resume.pk == optional.pk


def test_another_persons_progress_does_not_show_in_my_outline(catalog):
    course = CoursePageFactory(parent=catalog)
    lesson = LessonPageFactory(parent=course)
    someone, me = UserFactory(), UserFactory()
    lesson_mark_done(user=someone, lesson=lesson)
    outline = course_outline(course=course, user=me)
    assert outline.required_done == 0
    assert outline.enrolment is None
