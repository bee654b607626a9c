"""An exam can require its course's required steps first (#14, set per quiz): until the required
steps placed before it are done the start service refuses and the quiz page says what is missing
instead of offering a start button; the button says 开始考试 / 开始测验, never 开始学习."""

import pytest

from courses.models.records import StepSource
from courses.services import step_complete
from quizzes.services import AttemptNotAllowed, quiz_attempt_start
from tests.factories.courses import LessonPageFactory
from tests.factories.quizzes import QuizPageFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def exam_course(course, bank):
    """Two required lessons and an optional one, then the gated final exam, then a required
    lesson after it."""
    first = LessonPageFactory(parent=course, title="物业服务合同")
    optional = LessonPageFactory(parent=course, title="延伸阅读", is_required=False)
    second = LessonPageFactory(parent=course, title="首问负责制")
    exam = QuizPageFactory(
        parent=course,
        title="结业考试",
        questions=[bank["single"]],
        is_final_exam=True,
        requires_course_steps=True,
    )
    after = LessonPageFactory(parent=course, title="考后复盘")
    return {"first": first, "optional": optional, "second": second, "exam": exam, "after": after}


def test_the_start_service_refuses_until_the_required_steps_before_the_exam_are_done(exam_course, trainee):
    exam = exam_course["exam"]
    with pytest.raises(AttemptNotAllowed) as refused:
        quiz_attempt_start(quiz=exam, user=trainee)
    assert "物业服务合同" in str(refused.value) and "首问负责制" in str(refused.value)
    assert "延伸阅读" not in str(refused.value) and "考后复盘" not in str(refused.value)
    step_complete(user=trainee, step=exam_course["first"], source=StepSource.LESSON)
    with pytest.raises(AttemptNotAllowed) as refused:
        quiz_attempt_start(quiz=exam, user=trainee)
    assert "首问负责制" in str(refused.value) and "物业服务合同" not in str(refused.value)
    step_complete(user=trainee, step=exam_course["second"], source=StepSource.LESSON)
    attempt = quiz_attempt_start(quiz=exam, user=trainee)  # the optional lesson and the one after do not count
    assert attempt.quiz_id == exam.pk


def test_a_quiz_without_the_setting_starts_at_once(exam_course, trainee):
    exam = exam_course["exam"]
    exam.requires_course_steps = False
    exam.save()
    assert quiz_attempt_start(quiz=exam, user=trainee).quiz_id == exam.pk


def test_the_quiz_page_says_what_is_missing_and_offers_no_start_button(client, exam_course, trainee):
    client.force_login(trainee)
    page = client.get(exam_course["exam"].url, **ZH).content.decode()
    assert 'id="quiz-steps-missing"' in page and 'id="quiz-start"' not in page
    assert f'<a href="{exam_course["first"].url}">物业服务合同</a>' in page
    assert f'<a href="{exam_course["second"].url}">首问负责制</a>' in page
    assert "延伸阅读</a></li>" not in page
    for key in ("first", "second"):
        step_complete(user=trainee, step=exam_course[key], source=StepSource.LESSON)
    page = client.get(exam_course["exam"].url, **ZH).content.decode()
    assert 'id="quiz-steps-missing"' not in page and 'id="quiz-start"' in page


@pytest.mark.parametrize(("is_final_exam", "label"), [(True, "开始考试"), (False, "开始测验")])
def test_the_start_button_says_start_the_exam_or_the_quiz(client, course, bank, trainee, is_final_exam, label):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], is_final_exam=is_final_exam)
    client.force_login(trainee)
    page = client.get(quiz.url, **ZH).content.decode()
    button = page.split('id="quiz-start"', 1)[1].split("</button>", 1)[0]
    assert label in button
    assert "开始学习" not in page
