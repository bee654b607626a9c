import json

import pytest
from django.urls import reverse

from quizzes.models import AttemptStatus, QuestionOption, QuizAttempt
from quizzes.services import quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
from quizzes.views import RESULTS_PAGE_SIZE
from tests.factories.org import StaffProfileFactory
from tests.factories.quizzes import QuestionFactory, QuizPageFactory
from tests.quizzes.conftest import right_answers

pytestmark = pytest.mark.django_db

EXPLANATION = "解析：这是绝不能提前泄露的解析文字。"


@pytest.fixture
def leaky_quiz(course, bank):
    """Every question carries a distinctive explanation; correct option texts are distinctive."""
    for key in ("single", "multiple", "true_false", "fill_in"):
        bank[key].explanation = EXPLANATION
        bank[key].save()
    return QuizPageFactory(
        parent=course,
        questions=[bank[k] for k in ("single", "multiple", "true_false", "fill_in")],
        time_limit_minutes=30,
    )


def post_json(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def assert_no_answers(text: str, bank) -> None:
    assert EXPLANATION not in text
    assert "is_correct" not in text and "correct_options" not in text and "accepted_answers" not in text
    assert "火警电话119" not in text  # an accepted fill-in answer
    assert "correct_true" not in text


def test_in_progress_attempt_pages_and_json_contain_no_correct_answer(client, leaky_quiz, bank, trainee):
    client.force_login(trainee)
    response = client.post(reverse("quizzes:start", args=[leaky_quiz.pk]))
    attempt = QuizAttempt.objects.get()
    assert response.url == reverse("quizzes:attempt", args=[attempt.pk])
    page = client.get(response.url).content.decode()
    assert "民法典" in page  # options are shown …
    assert_no_answers(page, bank)  # … but not which is right
    # saving a wrong and a right answer answers the same way
    wrong = post_json(
        client,
        reverse("quizzes:answer_save", args=[attempt.pk]),
        {"question": bank["fill_in"].pk, "response": "110", "version": 0},
    )
    right = post_json(
        client,
        reverse("quizzes:answer_save", args=[attempt.pk]),
        {"question": bank["fill_in"].pk, "response": "119", "version": 1},
    )
    assert wrong.status_code == right.status_code == 200
    assert set(wrong.json()) == set(right.json())
    assert_no_answers(wrong.content.decode() + right.content.decode(), bank)
    stale = post_json(
        client,
        reverse("quizzes:answer_save", args=[attempt.pk]),
        {"question": bank["fill_in"].pk, "response": "1", "version": 0},
    )
    assert stale.status_code == 409 and stale.json()["current"] == {"response": "119", "version": 2}
    state = client.get(reverse("quizzes:attempt_state", args=[attempt.pk]))
    assert_no_answers(state.content.decode(), bank)
    check = post_json(client, reverse("quizzes:answer_check", args=[attempt.pk]), {"question": bank["fill_in"].pk})
    assert check.status_code == 409
    assert_no_answers(check.content.decode(), bank)
    # the quiz page itself
    assert_no_answers(client.get(leaky_quiz.url).content.decode(), bank)


def test_after_submit_a_save_is_refused_without_leaking(client, leaky_quiz, bank, trainee):
    client.force_login(trainee)
    attempt = quiz_attempt_start(quiz=leaky_quiz, user=trainee)
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    response = post_json(
        client,
        reverse("quizzes:answer_save", args=[attempt.pk]),
        {"question": bank["single"].pk, "response": [], "version": 0},
    )
    assert response.status_code == 409 and response.json()["code"] == "finished"
    assert_no_answers(response.content.decode(), bank)


def test_json_endpoints_need_csrf(leaky_quiz, bank, trainee):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee)
    attempt = quiz_attempt_start(quiz=leaky_quiz, user=trainee)
    response = post_json(
        client,
        reverse("quizzes:answer_save", args=[attempt.pk]),
        {"question": bank["single"].pk, "response": [], "version": 0},
    )
    assert response.status_code == 403


def test_get_never_changes_state(client, leaky_quiz, trainee):
    client.force_login(trainee)
    assert client.get(reverse("quizzes:start", args=[leaky_quiz.pk])).status_code == 405
    assert not QuizAttempt.objects.exists()


def test_someone_elses_attempt_is_404(client, leaky_quiz, bank, trainee):
    attempt = quiz_attempt_start(quiz=leaky_quiz, user=trainee)
    client.force_login(StaffProfileFactory().user)
    assert client.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("quizzes:attempt_state", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("quizzes:submit", args=[attempt.pk])).status_code == 404
    response = post_json(
        client,
        reverse("quizzes:answer_save", args=[attempt.pk]),
        {"question": bank["single"].pk, "response": [], "version": 0},
    )
    assert response.status_code == 404


def test_submit_twice_by_http_gives_one_result(client, leaky_quiz, bank, trainee):
    client.force_login(trainee)
    attempt = quiz_attempt_start(quiz=leaky_quiz, user=trainee)
    for qid, value in right_answers(attempt, bank).items():
        if qid in attempt.question_ids:
            quiz_attempt_answer_save(attempt_id=attempt.pk, user=trainee, question_id=qid, response=value, version=0)
    first = client.post(reverse("quizzes:submit", args=[attempt.pk]))
    second = client.post(reverse("quizzes:submit", args=[attempt.pk]))
    assert first.url == second.url == reverse("quizzes:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINISHED and attempt.percent == 100
    result = client.get(first.url).content.decode()
    assert 'id="quiz-score"' in result and EXPLANATION in result


def test_review_never_shows_only_the_outcome(client, course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["single"]], review_when="never", success_text="恭喜通过")
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    correct = QuestionOption.objects.get(question=bank["single"], is_correct=True)
    quiz_attempt_answer_save(
        attempt_id=attempt.pk, user=trainee, question_id=bank["single"].pk, response=[correct.pk], version=0
    )
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    client.force_login(trainee)
    page = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "恭喜通过" in page and 'id="review-closed"' in page
    assert "解析" not in page and 'id="quiz-score"' not in page


def test_review_after_close_waits_for_the_close(client, course, bank, trainee):
    import datetime as dt

    import time_machine

    t0 = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    quiz = QuizPageFactory(
        parent=course, questions=[bank["single"]], review_when="after_close", closes_at=t0 + dt.timedelta(hours=1)
    )
    client.force_login(trainee)
    with time_machine.travel(t0, tick=False) as clock:
        attempt = quiz_attempt_start(quiz=quiz, user=trainee)
        quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
        assert "解析" not in client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
        clock.move_to(t0 + dt.timedelta(hours=2))
        assert "解析" in client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()


def test_review_can_show_score_but_hide_correct_answers_and_explanations(client, course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["fill_in"]], review_correct=False, review_explanations=False)
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    quiz_attempt_answer_save(
        attempt_id=attempt.pk, user=trainee, question_id=bank["fill_in"].pk, response="我的答案", version=0
    )
    quiz_attempt_submit(attempt_id=attempt.pk, user=trainee)
    client.force_login(trainee)
    page = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert 'id="quiz-score"' in page and "我的答案" in page
    assert "火警电话119" not in page and "解析" not in page


def test_feedback_after_each_returns_only_the_checked_question(client, course, bank, trainee):
    quiz = QuizPageFactory(parent=course, questions=[bank["fill_in"], bank["single"]], feedback_mode="each")
    bank["single"].explanation = EXPLANATION
    bank["single"].save()
    attempt = quiz_attempt_start(quiz=quiz, user=trainee)
    client.force_login(trainee)
    post_json(
        client,
        reverse("quizzes:answer_save", args=[attempt.pk]),
        {"question": bank["fill_in"].pk, "response": "119", "version": 0},
    )
    response = post_json(client, reverse("quizzes:answer_check", args=[attempt.pk]), {"question": bank["fill_in"].pk})
    data = response.json()
    assert data["ok"] and data["question"]["feedback"]["is_correct"] is True
    assert "火警电话119" in data["question"]["feedback"]["accepted_answers"]
    assert EXPLANATION not in response.content.decode()
    # the player now shows that question's feedback, and still nothing about the other
    page = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert "火警电话119" in page and EXPLANATION not in page


def test_my_results_query_count_does_not_grow(client, course, trainee, django_assert_max_num_queries):
    client.force_login(trainee)
    question = QuestionFactory()

    def add_attempts(n):
        for _ in range(n):
            quiz = QuizPageFactory(parent=course, questions=[question])
            quiz_attempt_submit(attempt_id=quiz_attempt_start(quiz=quiz, user=trainee).pk, user=trainee)

    add_attempts(1)
    with django_assert_max_num_queries(9) as one:  # the quizzes' pages: one query while not cached
        assert client.get(reverse("quizzes:my_results")).status_code == 200
    add_attempts(4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("quizzes:my_results")).content.decode()
    assert page.count('class="attempt-row"') == 5


def test_my_results_are_paged_newest_first(client, course, trainee):
    client.force_login(trainee)
    question = QuestionFactory()
    quiz = QuizPageFactory(parent=course, questions=[question], attempts_allowed=0)
    for _ in range(RESULTS_PAGE_SIZE + 3):
        quiz_attempt_submit(attempt_id=quiz_attempt_start(quiz=quiz, user=trainee).pk, user=trainee)
    first = client.get(reverse("quizzes:my_results")).content.decode()
    assert first.count('class="attempt-row"') == RESULTS_PAGE_SIZE
    assert f"{RESULTS_PAGE_SIZE + 3}" in first.split('class="attempt-row"')[1]  # the newest attempt leads
    second = client.get(reverse("quizzes:my_results"), {"page": 2}).content.decode()
    assert second.count('class="attempt-row"') == 3
    assert "?page=1" in second
