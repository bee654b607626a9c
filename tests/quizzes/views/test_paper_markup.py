"""The paper's questions are assembled from strings (quizzes.templatetags.quizzes_tags), not by a
template: whatever a trainer writes in a stem or an option, and whatever a trainee types as an
answer, comes out escaped, on the paper and on the result page."""

import json

import pytest
from django.urls import reverse

from quizzes.models import QuestionType, QuizAttempt
from tests.factories.quizzes import QuestionFactory, QuizPageFactory

pytestmark = pytest.mark.django_db

MARKUP = "<script>alert(\"x\")</script> & 'y' <b>"
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;y&#x27; &lt;b&gt;"


@pytest.fixture
def exam(course):
    questions = [
        QuestionFactory(
            qtype=QuestionType.SINGLE, stem=f"单选 {MARKUP}\n第二行", options=[(MARKUP, True), ("乙", False)]
        ),
        QuestionFactory(qtype=QuestionType.MULTIPLE, stem=f"多选 {MARKUP}", options=[("甲", True), (MARKUP, True)]),
        QuestionFactory(qtype=QuestionType.TRUE_FALSE, stem=f"判断 {MARKUP}", correct_true=True),
        QuestionFactory(qtype=QuestionType.FILL_IN, stem=f"填空 {MARKUP}", accepted_answers="119"),
        QuestionFactory(qtype=QuestionType.ESSAY, stem=f"问答 {MARKUP}"),
    ]
    return QuizPageFactory(parent=course, questions=questions, time_limit_minutes=30)


def _start(client, quiz) -> QuizAttempt:
    response = client.post(reverse("quizzes:start", args=[quiz.pk]), {"confirmed": "1"})
    assert response.status_code == 302
    return QuizAttempt.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def _save(client, attempt, qid, response):
    reply = client.post(
        reverse("quizzes:answer_save", args=[attempt.pk]),
        json.dumps({"question": qid, "response": response, "version": 0}),
        content_type="application/json",
    )
    assert reply.status_code == 200, reply.content


def test_stems_options_and_typed_answers_are_escaped_on_the_paper(client, trainee, exam):
    client.force_login(trainee)
    attempt = _start(client, exam)
    by_type = {qtype: int(qid) for qid, qtype in attempt.question_types.items()}
    _save(client, attempt, by_type[QuestionType.FILL_IN], MARKUP)
    _save(client, attempt, by_type[QuestionType.ESSAY], MARKUP)
    html = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert "<script>alert" not in html and "<b>" not in html.replace("<b>A.</b>", "").replace("<b>B.</b>", "")
    for kind in ("单选", "多选", "判断", "填空", "问答"):
        assert f"{kind} {ESCAPED}" in html
    assert "第二行" in html and f"{ESCAPED}<br>第二行" in html  # line breaks as linebreaksbr writes them
    assert html.count(f"</b> {ESCAPED}</label>") == 2  # the two options with markup
    assert f'value="{ESCAPED}"' in html  # the fill-in answer, in its input
    assert f">{ESCAPED}</textarea>" in html  # the essay answer


def test_the_escaped_paper_still_takes_the_answers_it_shows(client, trainee, exam):
    """The option inputs carry their ids and the saved choice is checked on a reload."""
    client.force_login(trainee)
    attempt = _start(client, exam)
    qid = next(int(q) for q, t in attempt.question_types.items() if t == QuestionType.SINGLE)
    chosen = attempt.option_order[str(qid)][1]
    _save(client, attempt, qid, [chosen])
    html = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert f'name="q{qid}" value="{chosen}" checked>' in html
    assert f'data-qid="{qid}" data-type="single" data-version="1"' in html
