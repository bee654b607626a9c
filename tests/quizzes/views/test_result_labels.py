"""Labels that say what is true (#14): an attempt whose essays wait for a trainer says 待批改 (not
未通过), partial credit says 部分正确 (not 回答错误), and pass and fail each have their colour."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from quizzes.models import QuestionOption
from quizzes.services import quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
from tests.factories.quizzes import QuizPageFactory
from tests.quizzes.conftest import right_answers

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def hand_in(quiz, trainee, answers):
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    for qid, value in answers.items():
        quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=qid, response=value, version=0)
    return quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)


def test_an_attempt_whose_essay_waits_says_awaiting_marking_not_failed(client, course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"], bank["essay"]], hand_marked=True)
    attempt = hand_in(quiz, trainee, {bank["essay"].pk: "谁先接到诉求，谁负责跟进到底。"})
    assert attempt.needs_marking and attempt.passed is None
    client.force_login(trainee)
    result = client.get(reverse("quizzes:result", args=[attempt.pk]), **ZH).content.decode()
    assert re.search(r'<h1 class="result-heading pending"[^>]*>待批改</h1>', result)
    row = r'<a class="badge pending" href="{}">待批改</a>'.format(reverse("quizzes:result", args=[attempt.pk]))
    for page in (client.get(reverse("quizzes:my_results"), **ZH), client.get(quiz.url, **ZH)):
        html = page.content.decode()
        assert re.search(row, html) and "未通过" not in html
    assert "未通过" not in result and 'id="quiz-score"' not in result


def test_partial_credit_is_labelled_partly_correct(client, course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["multiple"]], multiple_choice_scoring="half_for_subset")
    some = list(QuestionOption.objects.filter(question=bank["multiple"], is_correct=True).values_list("pk", flat=True))
    attempt = hand_in(quiz, trainee, {bank["multiple"].pk: some[:2]})
    assert attempt.percent == 50
    client.force_login(trainee)
    result = client.get(reverse("quizzes:result", args=[attempt.pk]), **ZH).content.decode()
    assert '<div class="feedback partial">' in result and "部分正确" in result
    assert "回答错误" not in result


def test_feedback_after_each_question_says_partly_correct(client, course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["multiple"]], feedback_mode="each")
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    some = list(QuestionOption.objects.filter(question=bank["multiple"], is_correct=True).values_list("pk", flat=True))
    quiz_attempt_answer_save(
        attempt_id=attempt.pk, user=trainee, question_id=bank["multiple"].pk, response=some[:1], version=0
    )
    client.force_login(trainee)
    check = client.post(
        reverse("quizzes:answer_check", args=[attempt.pk]),
        data={"question": bank["multiple"].pk},
        content_type="application/json",
    ).json()
    assert check["question"]["feedback"]["outcome"] == "partial"
    player = client.get(reverse("quizzes:attempt", args=[attempt.pk]), **ZH).content.decode()
    assert 'data-msg-partial="部分正确"' in player and '<div class="feedback partial">' in player


def css_rule(css: str, selector: str) -> str:
    """The declarations of the rules that name `selector` exactly (comments removed)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    bodies = [
        body for sels, body in re.findall(r"([^{}]+)\{([^}]*)\}", css) if selector in map(str.strip, sels.split(","))
    ]
    assert bodies, f"no CSS rule for {selector}"
    return " ".join(bodies)


def test_pass_and_fail_have_their_own_colours(client, course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"], bank["true_false"]], attempts_allowed=0)
    failed = hand_in(quiz, trainee, {})
    passed = hand_in(quiz, trainee, {k: v for k, v in right_answers(failed, bank).items() if k in failed.question_ids})
    assert failed.passed is False and passed.passed is True
    client.force_login(trainee)
    fail_page = client.get(reverse("quizzes:result", args=[failed.pk]), **ZH).content.decode()
    pass_page = client.get(reverse("quizzes:result", args=[passed.pk]), **ZH).content.decode()
    assert 'class="quiz-score failed"' in fail_page and 'class="result-heading failed"' in fail_page
    assert 'class="quiz-score passed"' in pass_page and 'class="result-heading passed"' in pass_page
    css = (Path(settings.BASE_DIR) / "static/css/quizzes.css").read_text()
    green = ("var(--ok)", "var(--brand)")
    assert "var(--bad)" in css_rule(css, ".quiz-score.failed")
    assert "var(--ok)" in css_rule(css, ".quiz-score.passed")
    assert not any(g in css_rule(css, ".quiz-score") for g in green)  # the plain score is neither
    assert "var(--bad)" in css_rule(css, ".badge.failed") and "var(--ok)" in css_rule(css, ".badge.passed")
