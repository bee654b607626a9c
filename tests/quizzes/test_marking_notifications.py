"""Essays waiting to be marked reach the trainers, and the trainee hears when marking made the
grade final: through the notification service, once per attempt."""

from decimal import Decimal

import pytest
from django.utils import translation

from notifications.models import Notification
from quizzes.models import AttemptAnswer
from quizzes.services import attempt_answer_mark, quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
from tests.factories.org import HRAdminFactory, StaffProfileFactory, TrainerFactory
from tests.factories.quizzes import QuizPageFactory
from tests.quizzes.conftest import right_answers

pytestmark = pytest.mark.django_db


def hand_in(quiz, user, bank):
    attempt = quiz_attempt_start(quiz=quiz, user=user)
    for qid, response in right_answers(attempt, bank).items():
        if qid in attempt.question_ids:
            quiz_attempt_answer_save(attempt_id=attempt.pk, user=user, question_id=qid, response=response, version=0)
    return quiz_attempt_submit(attempt_id=attempt.pk, user=user)


@pytest.fixture
def essay_quiz(course, bank):
    return QuizPageFactory(
        parent=course, title="首问负责制测验", questions=[bank["single"], bank["essay"]], pass_mark=60
    )


def test_an_essay_handed_in_notifies_every_trainer_once(essay_quiz, bank):
    trainers = [TrainerFactory(), TrainerFactory()]
    HRAdminFactory()
    trainee = StaffProfileFactory(name="韩梅梅")
    attempt = hand_in(essay_quiz, trainee.user, bank)
    notifications = Notification.objects.filter(key=f"quiz_attempt:{attempt.pk}:awaits_marking")
    assert sorted(n.user_id for n in notifications) == sorted(t.user_id for t in trainers)
    with translation.override("zh-hans"):
        assert notifications[0].title_text == "有问答题待评分：首问负责制测验"
    assert notifications[0].url == f"/quizzes/marking/?quiz={essay_quiz.pk}"


def test_without_trainers_hr_hears_of_the_essay(essay_quiz, bank):
    hr = HRAdminFactory()
    attempt = hand_in(essay_quiz, StaffProfileFactory().user, bank)
    assert list(
        Notification.objects.filter(key__startswith=f"quiz_attempt:{attempt.pk}").values_list("user_id", flat=True)
    ) == [hr.user_id]


def test_a_quiz_without_essays_notifies_nobody(quiz, bank):
    TrainerFactory()
    hand_in(quiz, StaffProfileFactory().user, bank)
    assert not Notification.objects.exists()


def test_marking_the_last_essay_tells_the_trainee_once(essay_quiz, bank):
    trainer = TrainerFactory()
    trainee = StaffProfileFactory()
    attempt = hand_in(essay_quiz, trainee.user, bank)
    essay = AttemptAnswer.objects.get(attempt=attempt, question=bank["essay"])
    attempt_answer_mark(answer_id=essay.pk, marker=trainer.user, score=Decimal("4"))
    attempt_answer_mark(answer_id=essay.pk, marker=trainer.user, score=Decimal("3"))  # a re-mark
    [done] = Notification.objects.filter(user=trainee.user)
    assert done.key == f"quiz_attempt:{attempt.pk}:marked"
    assert done.params == {"quiz": "首问负责制测验", "percent": "100"}
    with translation.override("zh-hans"):
        assert done.title_text == "问答题已评分：首问负责制测验"
        assert done.body_text == "您在《首问负责制测验》中的成绩已确定：100%。"
