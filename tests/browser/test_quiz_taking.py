"""A trainee on a 390 px phone takes a timed quiz, reloads midway and keeps the answers, hands
in with one question unanswered after the confirmation, and sees the result the settings allow."""

import re

import pytest

from quizzes.models import AttemptStatus, QuestionType, QuizAttempt
from tests.browser.helpers import login
from tests.factories.courses import CoursePageFactory
from tests.factories.org import StaffProfileFactory
from tests.factories.quizzes import QuestionFactory, QuizPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_trainee_takes_a_timed_quiz_reloads_and_hands_in(phone, catalog):
    course = CoursePageFactory(parent=catalog, title="投诉处理与沟通技巧")
    single = QuestionFactory(
        stem="LEARN 模式的第一步是？",
        options=[("倾听", True), ("争辩", False), ("离开", False)],
        explanation="先倾听业主诉求。",
    )
    fill = QuestionFactory(
        qtype=QuestionType.FILL_IN, stem="火警电话是____。", accepted_answers="119", explanation="火警电话119。"
    )
    truth = QuestionFactory(qtype=QuestionType.TRUE_FALSE, stem="投诉要事不过夜。", correct_true=True)
    quiz = QuizPageFactory(
        parent=course, title="投诉处理测验", questions=[single, fill, truth], time_limit_minutes=15, pass_mark=60
    )
    StaffProfileFactory(user__username="xiaoming", name="王小明")

    login(phone, "xiaoming")
    phone.goto(quiz.url)
    phone.click("#quiz-start")
    phone.wait_for_url(re.compile(r"/quizzes/attempts/\d+/$"))
    timer = phone.locator("#quiz-timer")
    assert re.fullmatch(r"1[45]:\d\d", timer.inner_text())

    # question 1: choose 倾听; the answer is acknowledged by the server
    first = phone.locator("section.question.current")
    first.get_by_text("倾听").click()
    first.locator(".save-status.saved").wait_for()
    # question 2 via the next button: type the half-width answer in full width
    phone.click("#next-question")
    second = phone.locator("section.question.current")
    second.locator("input[type=text]").fill("１１９")
    second.locator(".save-status.saved").wait_for()

    # a reload (or a second device) resumes the same attempt with both answers
    phone.reload()
    phone.wait_for_load_state("networkidle")
    assert phone.locator(f"#q{fill.pk} input[type=text]").input_value() == "１１９"
    assert phone.locator(f"#q{single.pk} input:checked").count() == 1
    phone.click("#sheet-toggle")
    assert phone.locator(".sheet-cell.unanswered").count() == 1  # the true/false question
    assert phone.locator(".sheet-cell.answered").count() == 2
    page_html = phone.content()
    assert "先倾听业主诉求" not in page_html and "火警电话119" not in page_html

    # hand in: the confirmation names the unanswered question
    phone.click("#hand-in")
    assert "1" in phone.locator("#confirm-text").inner_text()
    phone.click("#confirm-submit")
    phone.wait_for_url(re.compile(r"/result/$"))
    assert phone.locator("#quiz-score").inner_text().startswith("66.67")
    assert "先倾听业主诉求" in phone.content()  # review allows explanations right after submitting
    attempt = QuizAttempt.objects.get()
    assert attempt.status == AttemptStatus.FINISHED and attempt.passed
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
