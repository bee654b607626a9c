"""Review options combine freely (#14): each of the score, the trainee's answers, right/wrong with
the correct answers, and the explanations shows exactly when its own option (and a kept paper, for
the answers) allows it, in every combination; the correct answer never shows without its option."""

import itertools

import pytest
from django.urls import reverse

from quizzes.models import QuestionOption
from quizzes.services import quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
from tests.factories.quizzes import QuizPageFactory

pytestmark = pytest.mark.django_db

EXPLANATION = "解析：火警拨打一一九，说清地址。"
MY_ANSWER = "我自己写的答案"
FLAGS = ("review_score", "review_responses", "review_correct", "review_explanations", "exam_paper")


@pytest.mark.parametrize(
    "flags", list(itertools.product([True, False], repeat=len(FLAGS))), ids=lambda f: "".join("TF"[not v] for v in f)
)
def test_each_review_option_shows_its_part_and_nothing_else(client, course, bank, trainee, flags):
    settings = dict(zip(FLAGS, flags, strict=True))
    bank["fill_in"].explanation = EXPLANATION
    bank["fill_in"].save()
    quiz = QuizPageFactory(parent=course, questions=[bank["fill_in"], bank["single"]], **settings)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    wrong = QuestionOption.objects.filter(question=bank["single"], is_correct=False).first()
    for qid, response in ((bank["fill_in"].pk, MY_ANSWER), (bank["single"].pk, [wrong.pk])):
        quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=qid, response=response, version=0)
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    client.force_login(trainee)

    page = client.get(reverse("quizzes:result", args=[attempt.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    show_correct = settings["review_correct"]
    assert ('id="quiz-score"' in page) is settings["review_score"]
    assert (MY_ANSWER in page) is (settings["review_responses"] and settings["exam_paper"])
    assert (EXPLANATION in page) is settings["review_explanations"]
    # the correct answers, and whether each answer was right, only with their own option
    assert ("火警电话119" in page) is show_correct
    assert ('class="correct-option"' in page) is show_correct
    assert ("正确答案" in page) is show_correct
    assert ('class="feedback wrong"' in page) is show_correct
    # the points of each answer tell right from wrong: only with both the score and correctness
    assert ('class="feedback-marks"' in page) is (show_correct and settings["review_score"])
