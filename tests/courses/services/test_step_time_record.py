import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import StepTime
from courses.models.records import StepSource
from courses.selectors import step_time_seconds_by_step
from courses.services import LESSON_REPORT_MAX_SECONDS, STEP_DAY_MAX_SECONDS, step_time_record
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(catalog):
    return LessonPageFactory(parent=CoursePageFactory(parent=catalog))


def test_reports_on_one_day_add_up_in_one_row(lesson):
    me = StaffProfileFactory().user
    step_time_record(user=me, step=lesson, kind=StepSource.LESSON, seconds=60)
    step_time_record(user=me, step=lesson, kind=StepSource.LESSON, seconds=45)
    row = StepTime.objects.get(user=me, step_id=lesson.pk)
    assert (row.seconds, row.day, row.course_id) == (105, timezone.localdate(), lesson.get_parent().pk)


def test_an_implausible_lesson_report_counts_only_the_cap(lesson):
    me = StaffProfileFactory().user
    step_time_record(user=me, step=lesson, kind=StepSource.LESSON, seconds=100_000)
    assert StepTime.objects.get(user=me).seconds == LESSON_REPORT_MAX_SECONDS


def test_a_day_never_counts_more_than_the_daily_cap(lesson):
    me = StaffProfileFactory().user
    for _ in range(STEP_DAY_MAX_SECONDS // LESSON_REPORT_MAX_SECONDS + 5):
        step_time_record(user=me, step=lesson, kind=StepSource.LESSON, seconds=LESSON_REPORT_MAX_SECONDS)
    assert StepTime.objects.get(user=me).seconds == STEP_DAY_MAX_SECONDS


def test_negative_time_records_nothing(lesson):
    me = StaffProfileFactory().user
    assert step_time_record(user=me, step=lesson, kind=StepSource.QUIZ, seconds=-5) is None
    assert not StepTime.objects.exists()


def test_time_falls_on_the_shanghai_date(lesson):
    me = StaffProfileFactory().user
    # 17:00 UTC on 1 March is 01:00 on 2 March in Shanghai.
    at = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)
    step_time_record(user=me, step=lesson, kind=StepSource.LESSON, seconds=30, at=at)
    assert StepTime.objects.get(user=me).day == dt.date(2026, 3, 2)


def test_selector_sums_time_and_people_per_step(lesson, django_assert_num_queries):
    a, b = StaffProfileFactory().user, StaffProfileFactory().user
    step_time_record(user=a, step=lesson, kind=StepSource.LESSON, seconds=100)
    step_time_record(user=b, step=lesson, kind=StepSource.LESSON, seconds=50)
    with django_assert_num_queries(1):
        summary = step_time_seconds_by_step(course_ids=[lesson.get_parent().pk])
    assert summary[lesson.pk].seconds == 150
    assert summary[lesson.pk].people == 2
    assert summary[lesson.pk].seconds_per_person == 75


def test_the_lesson_page_reports_time_by_post_only(client, lesson):
    me = StaffProfileFactory().user
    client.force_login(me)
    url = reverse("courses:lesson_time", args=[lesson.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"seconds": "abc"}).status_code == 400
    assert client.post(url, {"seconds": "40"}).status_code == 204
    assert StepTime.objects.get(user=me, step_id=lesson.pk).seconds == 40
