"""The 9 o'clock exam: hundreds of trainees start the same paper at once, so the start, the paper
load and each autosave must cost the same few queries whatever the paper's size, and once the
first trainee has started, the questions come from the cache (quizzes.selectors.question_cache)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models import QuestionType, QuizAttempt
from tests.factories.org import StaffProfileFactory
from tests.factories.quizzes import (
    QuestionCategoryFactory,
    QuestionFactory,
    QuizCategoryDrawFactory,
    QuizPageFactory,
)

pytestmark = pytest.mark.django_db

BANK_TABLES = (
    '"quizzes_question"',
    '"quizzes_questionoption"',
    '"quizzes_questionanswer"',
    '"quizzes_quizcategorydraw"',
)


def exam_of(course, size: int):
    """A timed exam of `size` questions: half fixed, half drawn from a category of twice as many,
    choice, true/false and fill-in mixed."""
    category = QuestionCategoryFactory()
    kinds = [QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE, QuestionType.FILL_IN]
    questions = []
    for i in range(size + size // 2):
        kind = kinds[i % 4]
        questions.append(
            QuestionFactory(
                category=category,
                qtype=kind,
                options=[("甲", True), ("乙", kind == QuestionType.MULTIPLE), ("丙", False)]
                if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE)
                else [],
                correct_true=True if kind == QuestionType.TRUE_FALSE else None,
                accepted_answers="119" if kind == QuestionType.FILL_IN else "",
            )
        )
    fixed_category = QuestionCategoryFactory()
    for question in questions[: size // 2]:
        question.category = fixed_category
        question.save()
    quiz = QuizPageFactory(parent=course, questions=questions[: size // 2], time_limit_minutes=30)
    QuizCategoryDrawFactory(quiz=quiz, category=category, count=size - size // 2)
    return quiz


def exam_queries(client, quiz) -> dict[str, list[str]]:
    """The SQL of one trainee's start, paper load and first autosave."""
    client.force_login(StaffProfileFactory().user)
    with CaptureQueriesContext(connection) as start:
        response = client.post(reverse("quizzes:start", args=[quiz.pk]), {"confirmed": "1"})
    assert response.status_code == 302
    attempt = QuizAttempt.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))
    with CaptureQueriesContext(connection) as paper:
        assert client.get(response.url).status_code == 200
    qid = attempt.question_ids[0]
    body = {"question": qid, "response": [attempt.option_order[str(qid)][0]], "version": 0}
    if str(qid) not in attempt.option_order:
        body["response"] = True if attempt.question_types[str(qid)] == QuestionType.TRUE_FALSE else "119"
    with CaptureQueriesContext(connection) as save:
        reply = client.post(
            reverse("quizzes:answer_save", args=[attempt.pk]), json.dumps(body), content_type="application/json"
        )
    assert reply.status_code == 200, reply.content
    assert len(attempt.question_ids) == len(set(attempt.question_ids))
    return {
        name: [q["sql"] for q in ctx.captured_queries]
        for name, ctx in (("start", start), ("paper", paper), ("autosave", save))
    }


def test_start_paper_and_autosave_cost_the_same_queries_for_4_and_24_questions(client, course):
    small, large = exam_of(course, 4), exam_of(course, 24)
    exam_queries(client, small), exam_queries(client, large)  # the first trainee fills the cache
    counts_small = {step: len(sql) for step, sql in exam_queries(client, small).items()}
    counts_large = {step: len(sql) for step, sql in exam_queries(client, large).items()}
    assert counts_small == counts_large
    assert counts_large["start"] <= 8, counts_large
    assert counts_large["paper"] <= 4, counts_large
    assert counts_large["autosave"] <= 6, counts_large


def test_once_the_first_trainee_started_the_questions_come_from_the_cache(client, course):
    quiz = exam_of(course, 12)
    first = exam_queries(client, quiz)
    assert any(table in sql for sql in first["start"] for table in BANK_TABLES)  # the first read fills it
    second = exam_queries(client, quiz)
    for step in ("start", "paper", "autosave"):
        assert not [sql for sql in second[step] if any(table in sql for table in BANK_TABLES)], step


def test_an_edited_question_is_read_afresh_not_from_the_cache(client, course, trainee):
    quiz = exam_of(course, 4)
    exam_queries(client, quiz)
    fixed = quiz.fixed_questions.first().question
    fixed.stem = "修改后的题干：灭火器压力表指针应在哪个区域？"
    fixed.save()
    client.force_login(trainee)
    response = client.post(reverse("quizzes:start", args=[quiz.pk]), {"confirmed": "1"})
    assert "修改后的题干" in client.get(response.url).content.decode()


def test_a_draw_changed_after_the_first_start_draws_from_the_new_category(client, course, trainee):
    quiz = exam_of(course, 4)
    exam_queries(client, quiz)
    fresh = QuestionCategoryFactory()
    new_questions = {QuestionFactory(category=fresh, options=[("是", True), ("否", False)]).pk for _ in range(4)}
    draw = quiz.category_draws.get()
    draw.category = fresh
    draw.save()
    client.force_login(trainee)
    client.post(reverse("quizzes:start", args=[quiz.pk]), {"confirmed": "1"})
    attempt = QuizAttempt.objects.get(user=trainee)
    drawn = set(attempt.question_ids) - {q.question_id for q in quiz.fixed_questions.all()}
    assert drawn and drawn <= new_questions
