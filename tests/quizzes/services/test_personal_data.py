import pytest

from core.personal_data import PersonalDataErased, PersonalDataExportRequested
from quizzes.listeners import on_personal_data_erase, on_personal_data_export
from quizzes.models import AttemptAnswer
from quizzes.services import quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
from tests.factories.quizzes import QuizPageFactory

pytestmark = pytest.mark.django_db


def test_export_and_erase_of_free_text_answers(course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["fill_in"], bank["single"]])
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    quiz_attempt_answer_save(
        attempt_id=attempt.pk, user=trainee, question_id=bank["fill_in"].pk, response="我家电话是123", version=0
    )
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    event = PersonalDataExportRequested(user_id=trainee.pk)
    on_personal_data_export(event)
    assert event.sections["quizzes"][0]["answers_in_own_words"][0]["answer"] == "我家电话是123"
    on_personal_data_erase(PersonalDataErased(user_id=trainee.pk))
    answer = AttemptAnswer.objects.get(attempt=attempt, question=bank["fill_in"])
    assert answer.response is None and answer.score == 0
    attempt.refresh_from_db()
    assert attempt.percent == 0  # the grade stays
