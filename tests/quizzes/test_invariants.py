"""quizzes.invariants: each way an attempt's grade can disagree with its answers or its quiz's pass
rule is planted with a raw update and reported with the attempt."""

from decimal import Decimal

import pytest

from quizzes.models import AttemptAnswer, AttemptStatus, QuizAttempt
from quizzes.services import quiz_attempt_submit
from tests.factories.records_world import invariant_rows, quiz_answer_all, records_world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(catalog):
    """Records made through the services (tests/factories/records_world.py)."""
    return records_world_build()


ATTEMPTS = "quizzes.invariants.attempts_add_up"


def attempt_row(attempt):
    return ("quizzes.QuizAttempt", attempt.pk)


def test_a_score_that_is_not_the_sum_of_the_answers_is_reported(records):
    attempt = records.attempt()
    QuizAttempt.objects.filter(pk=attempt.pk).update(score=attempt.score + 1)
    assert attempt_row(attempt) in invariant_rows(ATTEMPTS)


def test_an_answer_rescored_behind_the_attempts_back_is_reported(records):
    attempt = records.attempt()
    AttemptAnswer.objects.filter(attempt=attempt).update(score=Decimal(0))
    assert set(invariant_rows(ATTEMPTS)) == {attempt_row(attempt)}


def test_a_percent_that_does_not_follow_from_the_score_is_reported(records):
    attempt = records.attempt()
    QuizAttempt.objects.filter(pk=attempt.pk).update(percent=Decimal("50.00"))
    assert attempt_row(attempt) in invariant_rows(ATTEMPTS)


def test_a_pass_flag_against_the_quizs_pass_rule_is_reported(records):
    attempt = records.attempt()  # 100 % against a pass mark of 60
    QuizAttempt.objects.filter(pk=attempt.pk).update(passed=False)
    assert invariant_rows(ATTEMPTS) == [attempt_row(attempt)]


def test_a_failed_attempt_recorded_as_passed_is_reported(records):
    attempt = quiz_attempt_submit(
        attempt_id=quiz_answer_all(quiz=records.quiz, user=records.trainees[0].user, right=False).pk,
        user=records.trainee.user,
    )
    assert attempt.passed is False and invariant_rows(ATTEMPTS) == []
    QuizAttempt.objects.filter(pk=attempt.pk).update(passed=True)
    assert invariant_rows(ATTEMPTS) == [attempt_row(attempt)]


def test_an_essay_left_unmarked_in_a_graded_attempt_is_reported(records):
    attempt = records.essay_attempt()
    AttemptAnswer.objects.filter(attempt=attempt, question__qtype="essay").update(score=None)
    QuizAttempt.objects.filter(pk=attempt.pk).update(score=attempt.score - 5, percent=Decimal("16.67"))
    # Unscored, yet not awaiting marking, yet passed or failed.
    assert invariant_rows(ATTEMPTS) == [attempt_row(attempt), attempt_row(attempt)]


def test_an_attempt_awaiting_marking_with_nothing_left_to_mark_is_reported(records):
    attempt = records.essay_attempt()
    QuizAttempt.objects.filter(pk=attempt.pk).update(needs_marking=True, passed=None)
    assert invariant_rows(ATTEMPTS) == [attempt_row(attempt)]


def test_an_attempt_awaiting_marking_is_neither_passed_nor_failed(records):
    attempt = quiz_attempt_submit(
        attempt_id=quiz_answer_all(quiz=records.essay_quiz, user=records.trainee.user).pk,
        user=records.trainee.user,
    )
    assert attempt.needs_marking and invariant_rows(ATTEMPTS) == []
    QuizAttempt.objects.filter(pk=attempt.pk).update(passed=False)
    assert invariant_rows(ATTEMPTS) == [attempt_row(attempt)]


def test_a_final_grade_without_its_time_is_reported(records):
    attempt = records.attempt()
    QuizAttempt.objects.filter(pk=attempt.pk).update(graded_at=None)
    assert invariant_rows(ATTEMPTS) == [attempt_row(attempt)]


def test_an_abandoned_attempt_with_a_pass_is_reported(records):
    attempt = records.attempt()
    QuizAttempt.objects.filter(pk=attempt.pk).update(status=AttemptStatus.ABANDONED)
    assert invariant_rows(ATTEMPTS) == [attempt_row(attempt)]
