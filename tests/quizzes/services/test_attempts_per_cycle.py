"""A refresher of a completed course (its next cycle) gives its exam afresh: the attempts used last
year do not count against this year's limit, and last year's pass neither completes this year's
step nor shows as this year's grade."""

import pytest

from courses.models import CourseEnrolment, StepCompletion
from courses.services import course_refresher_assign
from lms.demo_history.actions import correct_response
from quizzes.models import Question, QuizAttempt
from quizzes.selectors import quiz_grade_percent, quiz_start_state
from quizzes.services import AttemptNotAllowed, quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
from tests.factories.quizzes import QuizPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(course, bank):
    """The course's only step: an exam with two attempts."""
    return QuizPageFactory(
        parent=course, questions=[bank["single"], bank["true_false"]], pass_mark=60, attempts_allowed=2
    )


def _take(exam, user, *, right: bool) -> QuizAttempt:
    attempt = quiz_attempt_start(quiz=exam, user=user)
    for qid in attempt.question_ids:
        question = Question.objects.prefetch_related("options").get(pk=qid)
        response = correct_response(question) if right else None
        quiz_attempt_answer_save(attempt_id=attempt.pk, user=user, question_id=qid, response=response, version=0)
    return quiz_attempt_submit(attempt_id=attempt.pk, user=user)


def test_the_next_cycle_has_every_attempt_again_and_no_grade_yet(exam, course, trainee):
    _take(exam, trainee, right=False)
    _take(exam, trainee, right=True)
    with pytest.raises(AttemptNotAllowed):
        quiz_attempt_start(quiz=exam, user=trainee)  # both attempts of the first cycle used

    course_refresher_assign(user=trainee, course=course, due_date=None)

    state = quiz_start_state(quiz=exam, user=trainee)
    assert (state.attempts_used, state.attempts_left, state.refusal) == (0, 2, "")
    assert quiz_grade_percent(quiz=exam, user_id=trainee.pk) is None
    attempt = quiz_attempt_start(quiz=exam, user=trainee)
    assert attempt.number == 3  # numbers run on across cycles


def test_a_fail_in_the_next_cycle_does_not_complete_it_on_last_years_pass(exam, course, trainee):
    _take(exam, trainee, right=True)
    course_refresher_assign(user=trainee, course=course, due_date=None)

    _take(exam, trainee, right=False)

    second = CourseEnrolment.objects.get(user=trainee, course=course, cycle=2)
    assert (second.completed_at, second.progress_percent) == (None, 0)
    assert not StepCompletion.objects.filter(user=trainee, cycle=2).exists()
    _take(exam, trainee, right=True)
    second.refresh_from_db()
    assert second.completed_at is not None
