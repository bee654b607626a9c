"""Starting a limited exam asks once more (#14): the quiz page says how many attempts are left;
a new attempt at a quiz with limited attempts starts only from the confirmation page, which says
how many are left and what starting means; the page itself changes nothing; resuming needs no
confirmation, nor does a quiz with unlimited attempts."""

import pytest
from django.urls import reverse

from quizzes.models import QuizAttempt
from quizzes.services import AttemptNeedsConfirmation, quiz_attempt_start, quiz_attempt_submit
from tests.factories.quizzes import QuizPageFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def exam(course, bank):
    return QuizPageFactory(
        parent=course, title="结业考试", questions=[bank["single"]], is_final_exam=True, attempts_allowed=2,
        time_limit_minutes=30,
    )  # fmt: skip


def test_a_limited_exam_starts_only_after_the_confirmation(client, exam, trainee):
    client.force_login(trainee)
    page = client.get(exam.url, **ZH).content.decode()
    assert '<span id="quiz-attempts-left">还剩 2 次机会</span>' in page
    confirm_url = reverse("quizzes:start_confirm", args=[exam.pk])
    assert f'id="quiz-start" href="{confirm_url}"' in page

    unconfirmed = client.post(reverse("quizzes:start", args=[exam.pk]))
    assert unconfirmed.status_code == 302 and unconfirmed.url == confirm_url
    assert not QuizAttempt.objects.exists()

    confirm = client.get(confirm_url, **ZH)
    html = confirm.content.decode()
    assert confirm.status_code == 200 and not QuizAttempt.objects.exists()
    assert "你还有 2 次机会。" in html and "共可作答 2 次。" in html
    assert "开始即用掉一次机会" in html and "限时 30 分钟" in html
    assert 'name="confirmed" value="1"' in html and f'id="cancel-start" href="{exam.url}"' in html
    assert "开始考试" in html.split('id="confirm-start"', 1)[1].split("</button>", 1)[0]

    started = client.post(reverse("quizzes:start", args=[exam.pk]), {"confirmed": "1"})
    attempt = QuizAttempt.objects.get()
    assert started.url == reverse("quizzes:attempt", args=[attempt.pk])
    # a reload of the start (a resume) lands on the same attempt without asking again
    again = client.post(reverse("quizzes:start", args=[exam.pk]))
    assert again.url == reverse("quizzes:attempt", args=[attempt.pk]) and QuizAttempt.objects.count() == 1
    assert client.get(confirm_url).url == reverse("quizzes:attempt", args=[attempt.pk])


def test_the_last_attempt_says_so_and_none_left_offers_nothing(client, exam, trainee):
    quiz_attempt_submit(attempt_id=quiz_attempt_start(quiz=exam, user=trainee).pk, user=trainee)
    client.force_login(trainee)
    assert "还剩 1 次机会" in client.get(exam.url, **ZH).content.decode()
    html = client.get(reverse("quizzes:start_confirm", args=[exam.pk]), **ZH).content.decode()
    assert "这是你的最后一次机会。" in html
    quiz_attempt_submit(attempt_id=quiz_attempt_start(quiz=exam, user=trainee).pk, user=trainee)
    refused = client.get(reverse("quizzes:start_confirm", args=[exam.pk]))
    assert refused.url == exam.url
    assert 'id="quiz-start"' not in client.get(exam.url).content.decode()


def test_the_start_service_asks_for_the_confirmation_of_a_limited_quiz_only(exam, course, bank, trainee):
    with pytest.raises(AttemptNeedsConfirmation):
        quiz_attempt_start(quiz=exam, user=trainee, confirmed=False)
    assert not QuizAttempt.objects.exists()
    unlimited = QuizPageFactory(parent=course, questions=[bank["single"]], attempts_allowed=0)
    assert quiz_attempt_start(quiz=unlimited, user=trainee, confirmed=False).quiz_id == unlimited.pk


def test_an_unlimited_quiz_starts_in_one_step(client, course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], attempts_allowed=0)
    client.force_login(trainee)
    page = client.get(quiz.url).content.decode()
    assert f'action="{reverse("quizzes:start", args=[quiz.pk])}"' in page
    response = client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert response.url == reverse("quizzes:attempt", args=[QuizAttempt.objects.get().pk])
