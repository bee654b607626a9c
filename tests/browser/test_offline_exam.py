"""A trainee on a 390 px phone loses the network in the middle of an exam: the answers given
offline are kept in the browser (IndexedDB), the page says how many wait to be sent, the hand-in
waits for them, and when the network returns they reach the server in order and are graded once."""

import re

import pytest

from quizzes.models import AttemptAnswer, AttemptStatus, QuestionType, QuizAttempt
from tests.browser.helpers import login
from tests.factories.courses import CoursePageFactory
from tests.factories.org import StaffProfileFactory
from tests.factories.quizzes import QuestionFactory, QuizPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUED_IN_BROWSER = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("academy-quiz");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const req = open.result.transaction("answers").objectStore("answers").getAll();
    req.onsuccess = () => { resolve(req.result.map((r) => r.qid)); open.result.close(); };
  };
})"""


def test_answers_given_offline_are_sent_once_when_the_network_returns(phone, catalog):
    course = CoursePageFactory(parent=catalog, title="消防安全")
    first = QuestionFactory(stem="发现火情首先要？", options=[("报警", True), ("围观", False)])
    fill = QuestionFactory(qtype=QuestionType.FILL_IN, stem="火警电话是____。", accepted_answers="119")
    truth = QuestionFactory(qtype=QuestionType.TRUE_FALSE, stem="电梯可以用于火灾逃生。", correct_true=False)
    last = QuestionFactory(stem="灭火器压力表指针应在？", options=[("绿区", True), ("红区", False)])
    quiz = QuizPageFactory(
        parent=course, title="消防考试", questions=[first, fill, truth, last], time_limit_minutes=15, pass_mark=60
    )
    StaffProfileFactory(user__username="xiaoli", name="李小丽")

    login(phone, "xiaoli")
    phone.goto(quiz.url)
    phone.click("#quiz-start")
    phone.wait_for_url(re.compile(r"/quizzes/attempts/\d+/$"))
    phone.wait_for_load_state("networkidle")
    current = phone.locator("section.question.current")
    current.get_by_text("报警").click()
    current.locator(".save-status.saved").wait_for()

    # the network goes; three more answers are given
    phone.context.set_offline(True)
    phone.click("#next-question")
    phone.locator("section.question.current input[type=text]").fill("119")
    phone.click("#next-question")  # the text answer is queued once typing stops
    phone.locator("section.question.current").get_by_text("错", exact=True).click()
    phone.click("#next-question")
    phone.locator("section.question.current").get_by_text("绿区").click()

    waiting = phone.locator("#quiz-waiting")
    waiting.wait_for()
    phone.wait_for_function("document.getElementById('quiz-waiting').textContent.startsWith('3')")
    assert waiting.inner_text() == "3 个答案等待发送"
    assert sorted(phone.evaluate(QUEUED_IN_BROWSER)) == sorted(str(q.pk) for q in (fill, truth, last))
    assert AttemptAnswer.objects.count() == 1  # only the answer given online has arrived

    # handing in while offline waits for the connection
    phone.click("#hand-in")
    phone.click("#confirm-submit")
    phone.locator("#quiz-warning").wait_for()
    assert phone.locator("#quiz-warning").inner_text() == "答案发送完毕后将自动交卷。"
    assert re.search(r"/quizzes/attempts/\d+/$", phone.url)
    assert QuizAttempt.objects.get().status == AttemptStatus.IN_PROGRESS

    # back online: the queue is sent in order, then the paper is handed in
    phone.context.set_offline(False)
    phone.wait_for_url(re.compile(r"/result/$"))
    assert phone.locator("#quiz-score").inner_text().startswith("100")
    attempt = QuizAttempt.objects.get()
    assert attempt.status == AttemptStatus.FINISHED and attempt.passed and attempt.graded_at is not None
    answers = AttemptAnswer.objects.filter(attempt=attempt).order_by("pk")  # created in the order given
    assert [a.question_id for a in answers] == [first.pk, fill.pk, truth.pk, last.pk]
    assert [(a.version, a.is_correct) for a in answers] == [(1, True)] * 4
    assert phone.evaluate(QUEUED_IN_BROWSER) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
