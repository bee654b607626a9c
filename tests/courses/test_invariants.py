"""courses.invariants: each kind of contradiction between an enrolment (or a programme assignment)
and the steps behind it is planted with a raw update and reported with its row."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.models import CourseEnrolment, ProgrammeAssignment, StepCompletion
from courses.services import course_refresher_assign, lesson_mark_done
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ProgrammeCourseFactory
from tests.factories.records_world import invariant_rows, records_world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(catalog):
    """Records made through the services (tests/factories/records_world.py)."""
    return records_world_build()


ENROLMENTS = "courses.invariants.enrolments_match_their_steps"
PROGRAMMES = "courses.invariants.programme_assignments_match_their_courses"


def enrolment_row(enrolment):
    return ("courses.CourseEnrolment", enrolment.pk)


def test_a_completed_enrolment_showing_less_than_full_progress_is_reported(records):
    enrolment = records.enrolment()
    CourseEnrolment.objects.filter(pk=enrolment.pk).update(progress_percent=50)
    assert invariant_rows(ENROLMENTS) == [enrolment_row(enrolment)]


def test_an_open_enrolment_whose_progress_does_not_match_its_steps_is_reported(records):
    enrolment = records.enrolment()
    StepCompletion.objects.filter(user=enrolment.user, step=records.lessons[0]).delete()
    CourseEnrolment.objects.filter(pk=enrolment.pk).update(completed_at=None, progress_percent=100)
    assert invariant_rows(ENROLMENTS) == [enrolment_row(enrolment)]
    CourseEnrolment.objects.filter(pk=enrolment.pk).update(progress_percent=67)  # 2 of 3 steps
    assert invariant_rows(ENROLMENTS) == []


def test_an_open_enrolment_with_every_required_step_done_is_reported(records):
    enrolment = records.enrolment()
    CourseEnrolment.objects.filter(pk=enrolment.pk).update(completed_at=None)
    assert invariant_rows(ENROLMENTS) == [enrolment_row(enrolment)]


def test_a_completion_with_a_required_step_missing_is_reported(records):
    enrolment = records.enrolment()
    StepCompletion.objects.filter(user=enrolment.user, step=records.quiz).delete()
    assert invariant_rows(ENROLMENTS) == [enrolment_row(enrolment)]


def test_a_completion_before_one_of_its_steps_was_done_is_reported(records):
    enrolment = records.enrolment()
    StepCompletion.objects.filter(user=enrolment.user, step=records.lessons[1]).update(
        completed_at=enrolment.completed_at + dt.timedelta(minutes=1)
    )
    assert invariant_rows(ENROLMENTS) == [enrolment_row(enrolment)]


def test_a_completion_dated_before_the_course_was_published_is_reported(records):
    enrolment = records.enrolment()
    records.course.save_revision().publish()  # first publication: now
    CourseEnrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now() - dt.timedelta(days=30))
    StepCompletion.objects.filter(user=enrolment.user).update(completed_at=timezone.now() - dt.timedelta(days=31))
    assert invariant_rows(ENROLMENTS) == [enrolment_row(enrolment)]


def test_a_step_published_after_someone_completed_the_course_does_not_reopen_their_completion(records):
    lesson = LessonPageFactory(parent=records.course, title="新增的一课", live=False)
    lesson.save_revision().publish()
    enrolment = records.enrolment()
    # Completed a day before the new lesson went live; its own steps a day before that.
    CourseEnrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now() - dt.timedelta(days=1))
    StepCompletion.objects.filter(user=enrolment.user).update(completed_at=timezone.now() - dt.timedelta(days=2))
    assert invariant_rows(ENROLMENTS) == []
    # Had the lesson been there already, the completion would have been early.
    lesson.first_published_at = timezone.now() - dt.timedelta(days=3)
    lesson.save(update_fields=["first_published_at"])
    assert invariant_rows(ENROLMENTS) == [enrolment_row(enrolment)]


def test_progress_follows_steps_through_the_services(records):
    other = CoursePageFactory(title="安全知识")
    lessons = [LessonPageFactory(parent=other) for _ in range(3)]
    lesson_mark_done(user=records.trainee.user, lesson=lessons[0])
    assert CourseEnrolment.objects.get(user=records.trainee.user, course=other).progress_percent == 33
    assert invariant_rows(ENROLMENTS) == []


def test_an_open_programme_whose_courses_are_all_completed_is_reported(records):
    assignment = records.assignment()
    ProgrammeAssignment.objects.filter(pk=assignment.pk).update(completed_at=None)
    assert invariant_rows(PROGRAMMES) == [("courses.ProgrammeAssignment", assignment.pk)]


def test_a_programme_completed_before_its_course_is_reported(records):
    assignment = records.assignment()
    ProgrammeAssignment.objects.filter(pk=assignment.pk).update(
        completed_at=records.enrolment().completed_at - dt.timedelta(hours=1)
    )
    assert invariant_rows(PROGRAMMES) == [("courses.ProgrammeAssignment", assignment.pk)]


def test_a_course_added_to_a_programme_after_it_was_completed_is_not_the_holders_to_have_done(records):
    ProgrammeCourseFactory(programme=records.programme, course=CoursePageFactory(title="新课程"))
    assert invariant_rows(PROGRAMMES) == []


def test_a_refresher_cycle_counts_only_its_own_steps(records):
    user, course = records.trainee.user, records.course
    refresher = course_refresher_assign(user=user, course=course, due_date=timezone.localdate())
    assert refresher.cycle == 2 and refresher.progress_percent == 0
    assert invariant_rows(ENROLMENTS) == []  # the first cycle's steps do not count for the second
    lesson_mark_done(user=user, lesson=records.lessons[0])
    refresher.refresh_from_db()
    assert refresher.progress_percent == 33 and invariant_rows(ENROLMENTS) == []
    CourseEnrolment.objects.filter(pk=refresher.pk).update(progress_percent=100)
    assert invariant_rows(ENROLMENTS) == [enrolment_row(refresher)]
    assert records.enrolment().completed_at is not None  # the earlier cycle stays completed
