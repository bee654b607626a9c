import pytest

from courses.events import CourseCompleted, ProgrammeCompleted
from courses.models import CourseEnrolment, StepCompletion
from courses.models.records import StepSource
from courses.services import StepNotInCourse, lesson_mark_done, programme_assign, step_complete
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db

COMPLETED: list[int] = []
PROGRAMMES: list[int] = []


def record_course(event: CourseCompleted) -> None:
    COMPLETED.append(event.enrolment_id)


def record_programme(event: ProgrammeCompleted) -> None:
    PROGRAMMES.append(event.assignment_id)


@pytest.fixture(autouse=True)
def hooks(settings):
    COMPLETED.clear()
    PROGRAMMES.clear()
    here = "tests.courses.services.test_step_complete"
    settings.LMS_EVENT_LISTENERS = {
        "courses.events.CourseCompleted": [f"{here}.record_course"],
        "courses.events.ProgrammeCompleted": [f"{here}.record_programme"],
    }


def test_progress_is_the_share_of_required_steps_done(catalog):
    course = CoursePageFactory(parent=catalog)
    lessons = [LessonPageFactory(parent=course) for _ in range(4)]
    user = UserFactory()
    lesson_mark_done(user=user, lesson=lessons[0])
    assert CourseEnrolment.objects.get(user=user, course=course).progress_percent == 25
    lesson_mark_done(user=user, lesson=lessons[2])
    assert CourseEnrolment.objects.get(user=user, course=course).progress_percent == 50


def test_course_completes_exactly_once_when_the_last_required_step_is_done_again_and_again(catalog):
    course = CoursePageFactory(parent=catalog)
    first, second = LessonPageFactory(parent=course), LessonPageFactory(parent=course)
    user = UserFactory()

    lesson_mark_done(user=user, lesson=first)
    enrolment = CourseEnrolment.objects.get(user=user, course=course)
    assert enrolment.completed_at is None

    for _ in range(3):
        lesson_mark_done(user=user, lesson=second)
    enrolment.refresh_from_db()
    assert enrolment.progress_percent == 100
    assert enrolment.completed_at is not None
    assert StepCompletion.objects.filter(user=user).count() == 2
    assert [enrolment.pk] == COMPLETED


def test_a_step_added_after_completion_leaves_the_completed_enrolment_at_100_percent(catalog):
    """Found by the randomised integrity test: reading a lesson again after the course gained a
    step turned a completed enrolment into "completed, 75 %"."""
    course = CoursePageFactory(parent=catalog)
    lessons = [LessonPageFactory(parent=course) for _ in range(3)]
    user = UserFactory()
    for lesson in lessons:
        lesson_mark_done(user=user, lesson=lesson)
    LessonPageFactory(parent=course)  # published later, so not part of that completion

    lesson_mark_done(user=user, lesson=lessons[0])

    enrolment = CourseEnrolment.objects.get(user=user, course=course)
    assert (enrolment.progress_percent, enrolment.completed_at is not None) == (100, True)
    assert [enrolment.pk] == COMPLETED


def test_completing_a_step_twice_keeps_the_first_record(catalog):
    lesson = LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    user = UserFactory()
    first = step_complete(user=user, step=lesson, source=StepSource.QUIZ, score=80)
    again = step_complete(user=user, step=lesson, source=StepSource.QUIZ, score=95)
    assert again.pk == first.pk
    assert StepCompletion.objects.get(pk=first.pk).score == 80


def test_optional_steps_neither_hold_back_nor_count_towards_completion(catalog):
    course = CoursePageFactory(parent=catalog)
    required = LessonPageFactory(parent=course)
    optional = LessonPageFactory(parent=course, is_required=False)
    user = UserFactory()
    lesson_mark_done(user=user, lesson=optional)
    enrolment = CourseEnrolment.objects.get(user=user, course=course)
    assert enrolment.progress_percent == 0
    assert enrolment.completed_at is None
    lesson_mark_done(user=user, lesson=required)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_a_page_outside_a_course_is_not_a_step(catalog):
    with pytest.raises(StepNotInCourse):
        step_complete(user=UserFactory(), step=catalog, source=StepSource.LESSON)


def test_programme_completes_once_when_all_its_courses_do(catalog):
    programme = ProgrammeFactory()
    first = ProgrammeCourseFactory(programme=programme, course=CoursePageFactory(parent=catalog), day=1)
    second = ProgrammeCourseFactory(programme=programme, course=CoursePageFactory(parent=catalog), day=2)
    lesson_one, lesson_two = LessonPageFactory(parent=first.course), LessonPageFactory(parent=second.course)
    user = UserFactory()
    assignment = programme_assign(programme=programme, user=user)

    lesson_mark_done(user=user, lesson=lesson_one)
    assignment.refresh_from_db()
    assert assignment.completed_at is None

    lesson_mark_done(user=user, lesson=lesson_two)
    lesson_mark_done(user=user, lesson=lesson_two)
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    assert [assignment.pk] == PROGRAMMES
    assert len(COMPLETED) == 2


def test_a_programme_assigned_after_its_courses_were_all_completed_is_completed_at_once(catalog):
    """Found by the randomised integrity test: someone who finished every course on their own was
    then assigned the programme, and it stayed open with nothing left to do."""
    programme = ProgrammeFactory()
    courses = [ProgrammeCourseFactory(programme=programme, course=CoursePageFactory(parent=catalog)) for _ in range(2)]
    user = UserFactory()
    for item in courses:
        lesson_mark_done(user=user, lesson=LessonPageFactory(parent=item.course))

    assignment = programme_assign(programme=programme, user=user)

    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    assert [assignment.pk] == PROGRAMMES


def test_a_programme_assigned_with_a_course_still_open_stays_open(catalog):
    programme = ProgrammeFactory()
    done, open_ = (
        ProgrammeCourseFactory(programme=programme, course=CoursePageFactory(parent=catalog)) for _ in range(2)
    )
    LessonPageFactory(parent=open_.course)
    user = UserFactory()
    lesson_mark_done(user=user, lesson=LessonPageFactory(parent=done.course))

    assignment = programme_assign(programme=programme, user=user)

    assignment.refresh_from_db()
    assert assignment.completed_at is None and PROGRAMMES == []
