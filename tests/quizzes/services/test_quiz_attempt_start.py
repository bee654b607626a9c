import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from quizzes.models import AttemptStatus, QuestionType, QuizAttempt
from quizzes.services import AttemptNotAllowed, quiz_attempt_start, quiz_attempt_submit
from tests.factories.quizzes import QuestionCategoryFactory, QuestionFactory, QuizCategoryDrawFactory, QuizPageFactory

pytestmark = pytest.mark.django_db


def test_starting_twice_resumes_the_same_attempt(quiz, trainee):
    first = quiz_attempt_start(quiz=quiz, user=trainee)
    again = quiz_attempt_start(quiz=quiz, user=trainee)
    assert again.pk == first.pk
    assert QuizAttempt.objects.count() == 1


def test_paper_keeps_fixed_order_without_random_order(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    assert attempt.question_ids == [bank[k].pk for k in ("single", "multiple", "true_false", "fill_in")]


def test_random_order_shuffles_and_max_questions_cuts(course, trainee):
    questions = [QuestionFactory() for _ in range(12)]
    quiz = QuizPageFactory(parent=course, questions=questions, random_order=True, max_questions=5, attempts_allowed=0)
    orders = set()
    for _ in range(6):
        attempt = quiz_attempt_start(quiz=quiz, user=trainee)
        assert len(attempt.question_ids) == 5
        assert set(attempt.question_ids) <= {q.pk for q in questions}
        orders.add(tuple(attempt.question_ids))
        quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert len(orders) > 1


def test_draw_n_per_category_includes_sub_categories(course, trainee):
    parent = QuestionCategoryFactory(name="应急")
    child = QuestionCategoryFactory(name="火灾", parent=parent)
    other = QuestionCategoryFactory(name="礼仪")
    in_child = {QuestionFactory(category=child).pk for _ in range(3)}
    in_parent = {QuestionFactory(category=parent).pk for _ in range(2)}
    QuestionFactory(category=other)
    QuestionFactory(category=parent, is_active=False)
    quiz = QuizPageFactory(parent=course)
    QuizCategoryDrawFactory(quiz=quiz, category=parent, count=4)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    assert len(attempt.question_ids) == 4
    assert set(attempt.question_ids) <= in_child | in_parent


def test_draw_by_difficulty(course, trainee):
    category = QuestionCategoryFactory()
    hard = {QuestionFactory(category=category, difficulty=3).pk for _ in range(2)}
    QuestionFactory(category=category, difficulty=1)
    quiz = QuizPageFactory(parent=course)
    QuizCategoryDrawFactory(quiz=quiz, category=category, count=5, difficulty=3)
    assert set(quiz_attempt_start(quiz=quiz, user=trainee).question_ids) == hard


def test_shuffled_options_are_frozen_in_the_attempt(course, trainee):
    question = QuestionFactory(options=[(str(i), i == 0) for i in range(6)])
    quiz = QuizPageFactory(parent=course, questions=[question], shuffle_options=True)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    order = attempt.option_order[str(question.pk)]
    assert sorted(order) == sorted(question.options.values_list("pk", flat=True))
    assert quiz_attempt_start(quiz=quiz, user=trainee).option_order[str(question.pk)] == order


def test_options_keep_authored_order_without_shuffle(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    q = bank["multiple"]
    assert attempt.option_order[str(q.pk)] == list(q.options.order_by("sort_order").values_list("pk", flat=True))


def test_single_attempt_quiz_refuses_a_second(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], single_attempt=True, attempts_allowed=5)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    with pytest.raises(AttemptNotAllowed):
        quiz_attempt_start(quiz=quiz, user=trainee)


def test_attempts_allowed_is_counted(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], attempts_allowed=2)
    for _ in range(2):
        quiz_attempt_submit(attempt_id=quiz_attempt_start(quiz=quiz, user=trainee).pk, user=trainee)
    with pytest.raises(AttemptNotAllowed):
        quiz_attempt_start(quiz=quiz, user=trainee)
    assert list(QuizAttempt.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_open_close_window(course, bank, trainee):
    now = timezone.now()
    quiz = QuizPageFactory(
        parent=course,
        questions=[bank["single"]],
        opens_at=now + dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(hours=3),
    )
    with pytest.raises(AttemptNotAllowed):
        quiz_attempt_start(quiz=quiz, user=trainee, now=now)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee, now=now + dt.timedelta(hours=2))
    # the close time caps the deadline
    assert attempt.deadline == quiz.closes_at
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    with pytest.raises(AttemptNotAllowed):
        quiz_attempt_start(quiz=quiz, user=trainee, now=now + dt.timedelta(hours=4))


def test_draft_quiz_cannot_be_started(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], live=False)
    with pytest.raises(AttemptNotAllowed):
        quiz_attempt_start(quiz=quiz, user=trainee)


def test_empty_paper_cannot_be_started(course, trainee):
    with pytest.raises(AttemptNotAllowed):
        quiz_attempt_start(quiz=QuizPageFactory(parent=course), user=trainee)


def test_resuming_an_expired_attempt_hands_it_in_and_starts_afresh(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], time_limit_minutes=10, grace_seconds=30)
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        first = quiz_attempt_start(quiz=quiz, user=trainee)
        clock.shift(dt.timedelta(minutes=11))
        second = quiz_attempt_start(quiz=quiz, user=trainee)
    first.refresh_from_db()
    assert first.status == AttemptStatus.ABANDONED
    assert second.pk != first.pk and second.number == 2


def test_question_types_are_frozen(quiz, trainee, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    assert attempt.question_types[str(bank["fill_in"].pk)] == QuestionType.FILL_IN
