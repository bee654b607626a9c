"""Races that only a real database with row locks shows: run with LMS_TEST_POSTGRES=1."""

import threading

import pytest
from django.db import connection

from courses.models import StepCompletion
from quizzes.events import QuizAttemptGraded
from quizzes.models import AttemptStatus, QuizAttempt
from quizzes.services import quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
from tests.quizzes.conftest import right_answers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
GRADED: list[int] = []
LOCK = threading.Lock()


def record_graded(event: QuizAttemptGraded) -> None:
    with LOCK:
        GRADED.append(event.attempt_id)


def run_together(functions):
    barrier = threading.Barrier(len(functions))
    results, errors = [None] * len(functions), []

    def runner(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, fn)) for i, fn in enumerate(functions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    return results


@pytest.fixture(autouse=True)
def _hooks(settings):
    GRADED.clear()
    # Only the quiz's own event is listened to here: this file tests the quiz's exactly-once
    # rule, not the listeners of other apps.
    settings.LMS_EVENT_LISTENERS = {"quizzes.events.QuizAttemptGraded": [f"{__name__}.record_graded"]}


@pytest.mark.parametrize("submitters", [2, 4])
def test_concurrent_submits_give_one_finished_attempt_and_one_grade(quiz, trainee, bank, submitters):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    for qid, value in right_answers(attempt, bank).items():
        if qid in attempt.question_ids:
            quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=qid, response=value, version=0)
    results = run_together([lambda: quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)] * submitters)
    assert len({r.finished_at for r in results}) == 1
    assert QuizAttempt.objects.filter(status=AttemptStatus.FINISHED).count() == 1
    assert [attempt.pk] == GRADED
    assert StepCompletion.objects.filter(user=trainee, step_id=quiz.pk).count() == 1


def test_concurrent_starts_give_one_attempt(quiz, trainee):
    results = run_together([lambda: quiz_attempt_start(quiz=quiz, user=trainee)] * 3)
    assert len({r.pk for r in results}) == 1
    assert QuizAttempt.objects.count() == 1


def test_save_racing_submit_is_either_graded_or_refused(quiz, trainee, bank):
    from quizzes.services import AnswerRefused

    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    q = bank["true_false"].pk

    def save():
        try:
            quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=q, response=False, version=0)
            return "saved"
        except AnswerRefused as refused:
            return refused.code

    outcome, finished = run_together([save, lambda: quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)])
    finished.refresh_from_db()
    if outcome == "saved":
        # the save won the lock: the grade includes it
        assert finished.score == 1
    else:
        assert outcome == "finished" and finished.score == 0


def test_concurrent_submits_with_every_listener_on(quiz, trainee, bank, settings):
    """The same race with the project's real listeners (skills evidence, course completion,
    certificates): still one finished attempt, one grade, one step completion."""
    from lms.settings import base

    key = "quizzes.events.QuizAttemptGraded"
    graded = [*base.LMS_EVENT_LISTENERS[key], f"{__name__}.record_graded"]
    settings.LMS_EVENT_LISTENERS = {**base.LMS_EVENT_LISTENERS, key: graded}
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    for qid, value in right_answers(attempt, bank).items():
        if qid in attempt.question_ids:
            quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=qid, response=value, version=0)
    results = run_together([lambda: quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)] * 3)
    assert len({r.finished_at for r in results}) == 1
    assert QuizAttempt.objects.get().status == AttemptStatus.FINISHED
    assert [attempt.pk] == GRADED
    assert StepCompletion.objects.filter(user=trainee, step_id=quiz.pk).count() == 1
