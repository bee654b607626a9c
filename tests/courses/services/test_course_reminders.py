import datetime as dt

import pytest
from django.utils import translation

from courses.models import CourseEnrolment, ProgrammeAssignment
from courses.models.records import AssignmentSource
from courses.reminders import course_due_reminders_send, programme_day_reminders_send
from courses.services import programme_assign
from notifications.models import Notification
from tests.factories.courses import CoursePageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def learner(catalog):
    return StaffProfileFactory(name="李雷")


def enrol(profile, due, **kwargs):
    return CourseEnrolment.objects.create(
        user=profile.user, course=CoursePageFactory(title="消防安全"), due_date=due, **kwargs
    )


def test_a_course_due_within_three_days_is_reminded_once(learner):
    enrolment = enrol(learner, TODAY + dt.timedelta(days=3))
    assert course_due_reminders_send(today=TODAY) == {"due_soon": 1, "overdue": 0}
    assert course_due_reminders_send(today=TODAY + dt.timedelta(days=1)) == {"due_soon": 0, "overdue": 0}
    notification = Notification.objects.get()
    assert notification.key == f"course_enrolment:{enrolment.pk}:due_soon"
    with translation.override("en"):
        assert notification.title_text == "Training due on 2026-12-10: 消防安全"
    with translation.override("zh-hans"):
        assert notification.title_text == "培训截止日期 2026-12-10：消防安全"


def test_a_course_due_later_is_not_reminded_yet(learner):
    enrol(learner, TODAY + dt.timedelta(days=4))
    assert course_due_reminders_send(today=TODAY) == {"due_soon": 0, "overdue": 0}


def test_an_overdue_course_is_reminded_once_more(learner):
    enrol(learner, TODAY + dt.timedelta(days=1))
    course_due_reminders_send(today=TODAY)
    assert course_due_reminders_send(today=TODAY + dt.timedelta(days=2)) == {"due_soon": 0, "overdue": 1}
    assert course_due_reminders_send(today=TODAY + dt.timedelta(days=9)) == {"due_soon": 0, "overdue": 0}
    assert sorted(Notification.objects.values_list("kind", flat=True)) == ["course_due", "course_due"]


def test_finished_courses_and_earlier_cycles_are_not_reminded(learner):
    enrol(learner, TODAY, completed_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    course = CoursePageFactory()
    CourseEnrolment.objects.create(user=learner.user, course=course, due_date=TODAY - dt.timedelta(days=400), cycle=1)
    CourseEnrolment.objects.create(user=learner.user, course=course, due_date=TODAY + dt.timedelta(days=30), cycle=2)
    assert course_due_reminders_send(today=TODAY) == {"due_soon": 0, "overdue": 0}


def test_people_who_left_are_not_reminded(catalog):
    enrol(StaffProfileFactory(left_at=TODAY), TODAY)
    assert course_due_reminders_send(today=TODAY) == {"due_soon": 0, "overdue": 0}


def test_each_programme_day_with_courses_is_announced_on_its_day(learner):
    programme = ProgrammeFactory(name="新员工入职培训", due_days=8)
    ProgrammeCourseFactory(programme=programme, course=CoursePageFactory(title="企业文化"), day=1)
    ProgrammeCourseFactory(programme=programme, course=CoursePageFactory(title="客服礼仪"), day=3)
    ProgrammeCourseFactory(programme=programme, course=CoursePageFactory(title="投诉处理"), day=3)
    programme_assign(programme=programme, user=learner.user, source=AssignmentSource.AUTO, start=TODAY)
    sent = {offset: programme_day_reminders_send(today=TODAY + dt.timedelta(days=offset)) for offset in range(5)}
    assert sent == {0: 1, 1: 0, 2: 1, 3: 0, 4: 0}
    assert programme_day_reminders_send(today=TODAY + dt.timedelta(days=2)) == 0
    day3 = Notification.objects.get(key__endswith=":day:3")
    assert day3.params == {"day": 3, "programme": "新员工入职培训", "courses": "客服礼仪、投诉处理"}
    with translation.override("zh-hans"):
        assert day3.title_text == "新员工入职培训第 3 天今天开始"


def test_a_programme_assigned_by_hand_counts_its_days_from_the_assignment(learner):
    programme = ProgrammeFactory(due_days=8)
    ProgrammeCourseFactory(programme=programme, day=2)
    assignment = programme_assign(programme=programme, user=learner.user, due_date=TODAY + dt.timedelta(days=30))
    ProgrammeAssignment.objects.filter(pk=assignment.pk).update(
        assigned_at=dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC)
    )
    assert programme_day_reminders_send(today=TODAY) == 0
    assert programme_day_reminders_send(today=TODAY + dt.timedelta(days=1)) == 1
