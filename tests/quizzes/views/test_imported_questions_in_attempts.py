"""Questions imported from Moodle banks in a trainee's attempt: a numerical question is answered
with a number and graded within its tolerance; the feedback written for the answer given is shown
in review when the quiz shows explanations, and never before."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from quizzes.bank_io.common import ParsedAnswer, ParsedOption, ParsedQuestion
from quizzes.models import AttemptAnswer
from quizzes.services import quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
from quizzes.services.bank_import import question_write
from tests.factories.quizzes import QuestionCategoryFactory, QuizPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(db):
    category = QuestionCategoryFactory()

    def make(qtype, **fields):
        parsed = ParsedQuestion(source="", qtype=qtype, stem=f"{qtype} 题目", points=Decimal(2), **fields)
        return question_write(question=None, parsed=parsed, category=category)

    return {
        "numerical": make(
            "numerical",
            answers=[
                ParsedAnswer(value=Decimal(30), feedback="准时到场，正确。"),
                ParsedAnswer(value=Decimal(30), tolerance=Decimal(10), fraction=Decimal(50), feedback="接近了。"),
                ParsedAnswer(text="*", fraction=Decimal(0), feedback="应在30分钟内到场。"),
            ],
        ),
        "single": make(
            "single",
            options=[ParsedOption("119", True, None, "火警是119。"), ParsedOption("110", False, None, "110是报警。")],
        ),
        "true_false": make("true_false", correct_true=True, true_feedback="说得对。", false_feedback="再看看规定。"),
        "fill_in": make(
            "fill_in",
            answers=[
                ParsedAnswer(text="首问负责制", feedback="完全正确。"),
                ParsedAnswer(text="*", fraction=Decimal(0), feedback="不对。"),
            ],
        ),
    }


def answer(attempt, trainee, question, response):
    quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=question.pk, response=response, version=0)


def test_a_numerical_question_is_answered_with_a_number_and_graded(client, course, imported, trainee):
    quiz = QuizPageFactory(parent=course, questions=[imported["numerical"]])
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    client.force_login(trainee)
    page = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert 'inputmode="decimal"' in page
    assert "准时到场" not in page and "30 ± " not in page and "应在30分钟" not in page
    saved = client.post(
        reverse("quizzes:answer_save", args=[attempt.pk]),
        data=json.dumps({"question": imported["numerical"].pk, "response": "２５", "version": 0}),
        content_type="application/json",
    )
    assert saved.json()["ok"]
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    graded = AttemptAnswer.objects.get(attempt=attempt)
    assert (graded.score, graded.is_correct) == (Decimal("1.00"), False)


def test_review_shows_the_feedback_for_the_answer_given(client, course, imported, trainee):
    quiz = QuizPageFactory(parent=course, questions=list(imported.values()))
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    wrong = imported["single"].options.get(text="110")
    answer(attempt, trainee, imported["numerical"], "99")
    answer(attempt, trainee, imported["single"], [wrong.pk])
    answer(attempt, trainee, imported["true_false"], False)
    answer(attempt, trainee, imported["fill_in"], "首问负责制")
    client.force_login(trainee)
    during = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert not any(text in during for text in ("应在30分钟内到场。", "110是报警。", "再看看规定。", "完全正确。"))
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    review = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    for text in ("应在30分钟内到场。", "110是报警。", "再看看规定。", "完全正确。"):
        assert text in review
    for text in ("准时到场，正确。", "火警是119。", "说得对。", "不对。"):  # written for answers not given
        assert text not in review
    assert "30" in review  # the correct number is shown with the correct answers


def test_review_without_explanations_hides_the_answer_feedback(client, course, imported, trainee):
    quiz = QuizPageFactory(parent=course, questions=[imported["true_false"]], review_explanations=False)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    answer(attempt, trainee, imported["true_false"], False)
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    client.force_login(trainee)
    review = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "再看看规定。" not in review
