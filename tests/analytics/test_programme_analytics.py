"""A programme's figures by hand: three people assigned (two in May, one in June); all three
completed its first course, after 2, 4 and 9 days; one completed the second course too."""

import datetime as dt

import pytest

from analytics.selectors import programme_analytics
from courses.models import CourseEnrolment, ProgrammeAssignment
from courses.services import lesson_mark_done, programme_assign
from tests.analytics.conftest import TODAY, at
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


def test_programme_completion_and_drop_off_per_course(catalog):
    first, second = (
        CoursePageFactory(parent=catalog, title="入职须知"),
        CoursePageFactory(parent=catalog, title="岗位技能"),
    )
    first_lesson, second_lesson = LessonPageFactory(parent=first), LessonPageFactory(parent=second)
    programme = ProgrammeFactory(name="新员工入职")
    ProgrammeCourseFactory(programme=programme, course=first, day=1, sort_order=0)
    ProgrammeCourseFactory(programme=programme, course=second, day=3, sort_order=1)
    people = [StaffProfileFactory().user for _ in range(3)]
    for user in people:
        programme_assign(programme=programme, user=user)
    for user in people:
        lesson_mark_done(user=user, lesson=first_lesson)
    lesson_mark_done(user=people[0], lesson=second_lesson)
    starts = [dt.date(2026, 5, 1), dt.date(2026, 5, 10), dt.date(2026, 6, 1)]
    for user, start, took in zip(people, starts, (2, 4, 9), strict=True):
        ProgrammeAssignment.objects.filter(user=user).update(assigned_at=at(start))
        CourseEnrolment.objects.filter(user=user).update(assigned_at=at(start))
        CourseEnrolment.objects.filter(user=user, completed_at__isnull=False).update(
            completed_at=at(start + dt.timedelta(days=took))
        )

    a = programme_analytics(programme=programme, today=TODAY)

    assert (a.assigned, a.completed) == (3, 1)
    months = {m.month: m for m in a.months}
    assert (months[dt.date(2026, 5, 1)].assigned, months[dt.date(2026, 5, 1)].completed) == (2, 1)
    assert (months[dt.date(2026, 6, 1)].assigned, months[dt.date(2026, 6, 1)].completed) == (1, 0)
    assert [(c.title, c.day, c.enrolled, c.completed, c.median_days) for c in a.courses] == [
        ("入职须知", 1, 3, 3, 4.0),
        ("岗位技能", 3, 3, 1, 2.0),
    ]
