import pytest
from django.urls import reverse

from quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.factories.quizzes import QuizPageFactory

pytestmark = pytest.mark.django_db


def test_fail_text_is_shown_on_failing(client, course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], fail_text="请复习后再试", success_text="恭喜")
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    client.force_login(trainee)
    page = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "请复习后再试" in page and "恭喜" not in page


def test_quiz_page_offers_start_resume_and_counts_attempts_left(client, course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], attempts_allowed=2, time_limit_minutes=10)
    client.force_login(trainee)
    page = client.get(quiz.url).content.decode()
    assert 'id="quiz-start"' in page and "10" in page
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    assert reverse("quizzes:attempt", args=[attempt.pk]) in client.get(quiz.url).content.decode()
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    quiz_attempt_submit(attempt_id=quiz_attempt_start(quiz=quiz, user=trainee).pk, user=trainee)
    page = client.get(quiz.url).content.decode()
    assert 'id="quiz-start"' not in page


def test_quiz_page_query_count_does_not_grow_with_attempts(
    client, course, bank, trainee, django_assert_max_num_queries
):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]])
    client.force_login(trainee)
    quiz_attempt_submit(attempt_id=quiz_attempt_start(quiz=quiz, user=trainee).pk, user=trainee)
    with django_assert_max_num_queries(40) as one:
        client.get(quiz.url)
    for _ in range(4):
        quiz_attempt_submit(attempt_id=quiz_attempt_start(quiz=quiz, user=trainee).pk, user=trainee)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(quiz.url).content.decode()
    assert page.count('class="attempt-row"') == 5


def test_wagtail_admin_add_and_edit_forms_render(admin_client, course, bank):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]])
    assert admin_client.get(f"/admin/pages/add/quizzes/quizpage/{course.pk}/").status_code == 200
    assert admin_client.get(f"/admin/pages/{quiz.pk}/edit/").status_code == 200
    assert admin_client.get("/admin/snippets/quizzes/question/add/").status_code == 200
    assert admin_client.get(f"/admin/snippets/quizzes/question/edit/{bank['multiple'].pk}/").status_code == 200
    assert admin_client.get("/admin/snippets/quizzes/question/").status_code == 200
    assert admin_client.get("/admin/snippets/quizzes/questioncategory/").status_code == 200


def test_quiz_settings_are_validated():
    from django.core.exceptions import ValidationError

    from quizzes.models import QuizPage

    quiz = QuizPage(title="t", slug="t", pass_mark=120, max_questions=0)
    with pytest.raises(ValidationError) as error:
        quiz.clean()
    assert {"pass_mark", "max_questions"} <= set(error.value.message_dict)
