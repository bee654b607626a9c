"""The installable app on a 390 px phone: a lesson the trainee opened reads offline; after signing
out it is gone from the phone, and nothing else (a quiz, the menu pages) was ever kept."""

import re

import pytest

from tests.browser.helpers import login
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import StaffProfileFactory
from tests.factories.quizzes import QuestionFactory, QuizPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEPT = """async () => {
  const kept = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith("lessons-")) continue;
    for (const request of await (await caches.open(name)).keys()) kept.push(new URL(request.url).pathname);
  }
  return kept;
}"""


def test_an_opened_lesson_reads_offline_and_is_gone_after_signing_out(phone, catalog):
    course = CoursePageFactory(parent=catalog, title="电梯困人救援")
    lesson = LessonPageFactory(
        parent=course, title="困人救援五步法", body=[("paragraph", "<p>先安抚被困人员，切断电源。</p>")]
    )
    other = LessonPageFactory(parent=course, title="未打开的课", body=[("paragraph", "<p>没有打开过。</p>")])
    quiz = QuizPageFactory(parent=course, title="救援测验", questions=[QuestionFactory(stem="先做什么？")])
    StaffProfileFactory(user__username="xiaozhang", name="张小强")

    login(phone, "xiaozhang")
    phone.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=15000)
    phone.goto(lesson.url)
    phone.goto(quiz.url)
    phone.wait_for_function(f"({KEPT})().then(k => k.includes({lesson.url!r}))")
    assert phone.evaluate(KEPT) == [lesson.url]  # the lesson only: not the quiz, not my learning

    phone.context.set_offline(True)
    phone.goto(lesson.url)
    assert "先安抚被困人员" in phone.locator("main").inner_text()
    phone.goto(other.url)
    assert "没有打开过" not in phone.content()
    phone.context.set_offline(False)

    phone.goto(lesson.url)
    phone.click("#logout-form button[type=submit]")
    phone.wait_for_url(re.compile(r"/accounts/login/"))
    phone.wait_for_function(f"({KEPT})().then(k => k.length === 0)")

    phone.context.set_offline(True)
    phone.goto(lesson.url)
    assert "先安抚被困人员" not in phone.content()
    phone.context.set_offline(False)
