"""Measured time: a finished quiz attempt adds its start-to-hand-in time to the step's StepTime."""

import datetime as dt

import pytest
import time_machine

from courses.models import StepTime
from quizzes.services import quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
from tests.quizzes.conftest import right_answers

pytestmark = pytest.mark.django_db


def test_a_handed_in_attempt_records_its_minutes_as_quiz_time(quiz, trainee, bank):
    t0 = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False) as clock:
        attempt = quiz_attempt_start(quiz=quiz, user=trainee)
        answers = right_answers(attempt, bank)
        for qid in attempt.question_ids:
            quiz_attempt_answer_save(
                attempt_id=attempt.pk, user=trainee, question_id=qid, response=answers[qid], version=0
            )
        clock.move_to(t0 + dt.timedelta(minutes=7, seconds=30))
        quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    row = StepTime.objects.get(user=trainee, step_id=quiz.pk)
    assert (row.kind, row.seconds, row.day) == ("quiz", 450, dt.date(2026, 5, 1))
