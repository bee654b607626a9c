import datetime as dt

import pytest
import time_machine

from quizzes.models import AttemptAnswer
from quizzes.services import AnswerRefused, quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
from tests.factories.quizzes import QuizPageFactory
from tests.quizzes.conftest import right_answers

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


def test_answer_is_upserted_with_a_growing_version(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    q = bank["fill_in"].pk
    first = quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=q, response="11", version=0)
    second = quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=q, response="119", version=1)
    assert first.pk == second.pk and second.version == 2
    assert AttemptAnswer.objects.get().response == "119"


def test_stale_tab_is_refused_and_told_the_current_answer(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    q = bank["fill_in"].pk
    quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=q, response="119", version=0)
    with pytest.raises(AnswerRefused) as refused:
        quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=q, response="110", version=0)
    assert refused.value.code == "stale"
    assert refused.value.current.response == "119"
    assert AttemptAnswer.objects.get().response == "119"


def test_answer_after_submit_is_refused_and_changes_nothing(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    q = bank["true_false"].pk
    quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=q, response=True, version=0)
    finished = quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    with pytest.raises(AnswerRefused) as refused:
        quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=q, response=False, version=1)
    assert refused.value.code == "finished"
    assert AttemptAnswer.objects.get(question_id=q).response is True
    attempt.refresh_from_db()
    assert attempt.score == finished.score


def test_refusal_messages_never_carry_the_correct_answer(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    for key, response in [("single", [999999]), ("fill_in", "x"), ("true_false", True)]:
        with pytest.raises(AnswerRefused) as refused:
            quiz_attempt_answer_save(
                attempt_id=attempt.pk, user=trainee, question_id=bank[key].pk, response=response, version=0
            )
        assert "民法典" not in refused.value.message and "119" not in refused.value.message


@pytest.mark.parametrize(
    ("key", "response"),
    [
        ("single", [1, 2]),
        ("single", ["a"]),
        ("true_false", "yes"),
        ("fill_in", 5),
        ("multiple", [123456789]),
        ("fill_in", "x" * 201),
    ],
)
def test_malformed_responses_are_refused(quiz, trainee, bank, key, response):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    with pytest.raises(AnswerRefused):
        quiz_attempt_answer_save(
            attempt_id=attempt.pk, user=trainee, question_id=bank[key].pk, response=response, version=0
        )


def test_question_not_on_the_paper_is_refused(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    with pytest.raises(AnswerRefused) as refused:
        quiz_attempt_answer_save(
            attempt_id=attempt.pk, user=trainee, question_id=bank["essay"].pk, response="x", version=0
        )
    assert refused.value.code == "unknown_question"


def test_another_users_attempt_is_not_found(quiz, trainee, bank):
    from tests.factories.org import UserFactory

    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    with pytest.raises(AnswerRefused) as refused:
        quiz_attempt_answer_save(
            attempt_id=attempt.pk, user=UserFactory(), question_id=bank["single"].pk, response=[], version=0
        )
    assert refused.value.code == "not_found"


def test_time_limit_with_grace_against_a_frozen_clock(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["fill_in"]], time_limit_minutes=20, grace_seconds=30)
    q = bank["fill_in"].pk
    with time_machine.travel(T0, tick=False) as clock:
        attempt = quiz_attempt_start(quiz=quiz, user=trainee)
        assert attempt.deadline == T0 + dt.timedelta(minutes=20)
        clock.move_to(T0 + dt.timedelta(minutes=20, seconds=30))  # last second of grace
        quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=q, response="119", version=0)
        clock.move_to(T0 + dt.timedelta(minutes=20, seconds=31))
        with pytest.raises(AnswerRefused) as refused:
            quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=q, response="110", version=1)
        assert refused.value.code == "expired"
        finished = quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert finished.percent == 100  # the answer saved within grace counts, the late one does not


def test_full_paper_right_gets_full_marks(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    answers = right_answers(attempt, bank)
    for qid in attempt.question_ids:
        quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=qid, response=answers[qid], version=0)
    finished = quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert finished.percent == 100 and finished.passed is True
