"""courses.selectors.course_next: where the "next course" button on a finished course leads."""

import datetime as dt

import pytest

from courses.selectors import course_next
from courses.services import course_enrol, lesson_mark_done, programme_assign
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db


def _course(catalog, title: str):
    course = CoursePageFactory(parent=catalog, title=title)
    LessonPageFactory(parent=course)
    return course


def _finish(user, course) -> None:
    for lesson in course.get_children().specific():
        lesson_mark_done(user=user, lesson=lesson)


def _programme(name: str, courses) -> object:
    programme = ProgrammeFactory(name=name)
    for order, course in enumerate(courses, start=1):
        ProgrammeCourseFactory(programme=programme, course=course, day=order, sort_order=order)
    return programme


def test_the_next_course_is_the_following_one_in_the_programme(catalog):
    first, second, third = (_course(catalog, t) for t in ("第一门", "第二门", "第三门"))
    user = UserFactory()
    programme_assign(programme=_programme("入职培训", [first, second, third]), user=user)
    _finish(user, first)
    found = course_next(user=user, course=first)
    assert found.course == second
    assert found.programme_name == "入职培训"


def test_a_course_already_finished_is_skipped_and_an_earlier_skipped_one_comes_back(catalog):
    first, second, third = (_course(catalog, t) for t in ("第一门", "第二门", "第三门"))
    user = UserFactory()
    programme_assign(programme=_programme("入职培训", [first, second, third]), user=user)
    _finish(user, third)
    _finish(user, second)
    # After the second: the third is done, so round to the first, which was skipped.
    assert course_next(user=user, course=second).course == first


def test_the_programme_that_holds_the_course_comes_before_other_programmes(catalog):
    a1, a2, b1 = (_course(catalog, t) for t in ("甲一", "甲二", "乙一"))
    user = UserFactory()
    # Programme 乙 is due sooner, but the finished course belongs to 甲.
    programme_assign(programme=_programme("乙", [b1]), user=user, due_date=dt.date(2030, 1, 1))
    programme_assign(programme=_programme("甲", [a1, a2]), user=user, due_date=dt.date(2030, 6, 1))
    _finish(user, a1)
    assert course_next(user=user, course=a1).course == a2


def test_when_the_programme_is_done_another_programme_comes_next(catalog):
    a1, b1, b2 = (_course(catalog, t) for t in ("甲一", "乙一", "乙二"))
    user = UserFactory()
    programme_assign(programme=_programme("甲", [a1]), user=user)
    programme_assign(programme=_programme("乙", [b1, b2]), user=user)
    _finish(user, a1)
    found = course_next(user=user, course=a1)
    assert found.course == b1
    assert found.programme_name == "乙"


def test_outside_programmes_the_course_due_soonest_comes_next_and_undated_ones_last(catalog):
    done, undated, later, sooner = (_course(catalog, t) for t in ("已学", "无期限", "较晚", "较早"))
    user = UserFactory()
    course_enrol(user=user, course=done)
    course_enrol(user=user, course=undated)
    course_enrol(user=user, course=later, due_date=dt.date(2030, 5, 1))
    course_enrol(user=user, course=sooner, due_date=dt.date(2030, 3, 1))
    _finish(user, done)
    found = course_next(user=user, course=done)
    assert found.course == sooner
    assert found.programme_name == ""


def test_nothing_comes_next_when_every_course_is_finished_or_not_live(catalog):
    done, unpublished = _course(catalog, "已学"), _course(catalog, "已下线")
    user = UserFactory()
    course_enrol(user=user, course=done)
    course_enrol(user=user, course=unpublished)
    unpublished.unpublish()
    _finish(user, done)
    assert course_next(user=user, course=done) is None


def test_another_persons_courses_never_come_next(catalog):
    done, theirs = _course(catalog, "已学"), _course(catalog, "别人的")
    me, other = UserFactory(), UserFactory()
    course_enrol(user=me, course=done)
    course_enrol(user=other, course=theirs)
    _finish(me, done)
    assert course_next(user=me, course=done) is None


def test_the_query_count_does_not_grow_with_programmes_and_courses(catalog, django_assert_num_queries):
    user = UserFactory()
    finished = _course(catalog, "已学")
    course_enrol(user=user, course=finished)
    _finish(user, finished)
    for n in range(3):
        programme_assign(
            programme=_programme(f"计划{n}", [_course(catalog, f"课{n}-{i}") for i in range(3)]), user=user
        )
    with django_assert_num_queries(3):
        assert course_next(user=user, course=finished) is not None
