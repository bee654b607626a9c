"""The question editor (Wagtail snippet) for what imports bring: numerical questions with their
answers, options with shares of the points, fill-in answers with feedback."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from quizzes.grading import grade_answer
from quizzes.models import Question, QuestionCategory

pytestmark = pytest.mark.django_db
ADD = "wagtailsnippets_quizzes_question:add"


@pytest.fixture
def editor(client):
    from org.services import staff_role_sync
    from tests.factories.org import TrainerFactory

    profile = TrainerFactory()
    staff_role_sync(profile=profile)
    client.force_login(profile.user)
    return client


def post(client, qtype: str, stem: str, *, options=(), answers=(), **extra):
    data = {
        "category": QuestionCategory.objects.get_or_create(name="编辑器")[0].pk,
        "qtype": qtype,
        "difficulty": 2,
        "points": "2",
        "name": "",
        "idnumber": "",
        "stem": stem,
        "options": inline_formset(list(options)),
        "correct_true": "",
        "true_feedback": "",
        "false_feedback": "",
        "accepted_answers": "",
        "answer_keys": inline_formset(list(answers)),
        "explanation": "",
        "grader_info": "",
        "tags": "",
        "is_active": "on",
        **extra,
    }
    return client.post(reverse(ADD), nested_form_data(data))


def answer_row(value="", tolerance="0", fraction="100", text="", feedback=""):
    return {"text": text, "value": value, "tolerance": tolerance, "fraction": fraction, "feedback": feedback}


def test_a_numerical_question_is_made_in_the_editor_and_graded(editor):
    response = post(
        editor,
        "numerical",
        "到场时限（分钟）？",
        answers=[answer_row("30", "5", feedback="对。"), answer_row(text="*", fraction="0", feedback="不对。")],
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    question = Question.objects.get(stem="到场时限（分钟）？")
    assert question.name == "到场时限（分钟）？" and question.idnumber.startswith("psa-")
    assert grade_answer(question=question, response="33", rule="all_or_nothing").score == 2
    assert grade_answer(question=question, response="40", rule="all_or_nothing").score == 0


@pytest.mark.parametrize(
    "answers",
    [[], [answer_row("30", fraction="50")], [answer_row(text="大约三十")], [answer_row(text="*", fraction="100")]],
)
def test_a_numerical_question_needs_a_number_worth_all_the_points(editor, answers):
    response = post(editor, "numerical", "数值题", answers=answers)
    assert response.status_code == 200 and not Question.objects.filter(stem="数值题").exists()


def test_options_with_shares_follow_moodle_s_rules(editor):
    good = post(
        editor,
        "multiple",
        "按份额计分",
        options=[
            {"text": "甲", "is_correct": "on", "fraction": "50", "feedback": ""},
            {"text": "乙", "is_correct": "on", "fraction": "50", "feedback": ""},
            {"text": "丙", "is_correct": "", "fraction": "-100", "feedback": "丙错。"},
        ],
    )
    assert good.status_code == 302
    stored = Question.objects.get(stem="按份额计分").options.order_by("sort_order")
    assert [o.fraction for o in stored] == [Decimal(50), Decimal(50), Decimal(-100)]
    short = post(
        editor,
        "multiple",
        "份额不足",
        options=[
            {"text": "甲", "is_correct": "on", "fraction": "40", "feedback": ""},
            {"text": "乙", "is_correct": "on", "fraction": "40", "feedback": ""},
        ],
    )
    assert short.status_code == 200 and "80%" in short.content.decode()
    assert not Question.objects.filter(stem="份额不足").exists()


def test_a_fill_in_question_needs_an_accepted_answer_in_the_list_or_the_rows(editor):
    assert post(editor, "fill_in", "空的填空").status_code == 200
    rows = post(editor, "fill_in", "行里的答案", answers=[answer_row(text="首问负责制", feedback="对。")])
    assert rows.status_code == 302
    listed = post(editor, "fill_in", "列表里的答案", accepted_answers="119")
    assert listed.status_code == 302
    assert set(Question.objects.values_list("stem", flat=True)) == {"行里的答案", "列表里的答案"}
