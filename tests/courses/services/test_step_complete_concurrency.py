"""Two steps finished at the same moment (two tabs, a quiz graded while a lesson is marked) must
still complete the course, and complete it once. Needs real row locks: PostgreSQL only."""

import threading

import pytest
from django.db import connection

from courses.events import CourseCompleted, ProgrammeCompleted
from courses.models import CourseEnrolment, ProgrammeAssignment
from courses.services import course_enrol, lesson_mark_done, programme_assign
from tests.courses.wagtail_base import base_data
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

COMPLETED: list[int] = []
PROGRAMMES: list[int] = []


def record_course(event: CourseCompleted) -> None:
    COMPLETED.append(event.enrolment_id)


def record_programme(event: ProgrammeCompleted) -> None:
    PROGRAMMES.append(event.assignment_id)


def run_together(*calls) -> list[BaseException]:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def worker(call):
        try:
            barrier.wait()
            call()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture(autouse=True)
def _base(transactional_db):
    base_data()


@pytest.fixture(autouse=True)
def hooks(settings):
    COMPLETED.clear()
    PROGRAMMES.clear()
    here = "tests.courses.services.test_step_complete_concurrency"
    settings.LMS_EVENT_LISTENERS = {
        "courses.events.CourseCompleted": [f"{here}.record_course"],
        "courses.events.ProgrammeCompleted": [f"{here}.record_programme"],
    }


@pytest.mark.parametrize("attempt", range(8))
def test_the_last_two_lessons_marked_at_once_complete_the_course_once(catalog, attempt):
    course = CoursePageFactory(parent=catalog)
    first, second = LessonPageFactory(parent=course), LessonPageFactory(parent=course)
    user = UserFactory()
    course_enrol(user=user, course=course)  # assigned beforehand, as trainees usually are

    errors = run_together(
        lambda: lesson_mark_done(user=user, lesson=first), lambda: lesson_mark_done(user=user, lesson=second)
    )

    assert errors == []
    enrolment = CourseEnrolment.objects.get(user=user, course=course)
    assert enrolment.progress_percent == 100
    assert enrolment.completed_at is not None
    assert [enrolment.pk] == COMPLETED


@pytest.mark.parametrize("attempt", range(3))
def test_the_last_two_courses_completed_at_once_complete_the_programme_once(catalog, attempt):
    programme = ProgrammeFactory()
    lessons = []
    for day in (1, 2):
        course = CoursePageFactory(parent=catalog)
        ProgrammeCourseFactory(programme=programme, course=course, day=day)
        lessons.append(LessonPageFactory(parent=course))
    user = UserFactory()
    assignment = programme_assign(programme=programme, user=user)

    errors = run_together(*[lambda lesson=lesson: lesson_mark_done(user=user, lesson=lesson) for lesson in lessons])

    assert errors == []
    assert ProgrammeAssignment.objects.get(pk=assignment.pk).completed_at is not None
    assert [assignment.pk] == PROGRAMMES
