"""Draw rules by question type (#14): a category draw takes only the automatically marked types
unless it lists essays, and the quiz editor (and quiz_page_create) refuse a paper whose essays
could keep the best automatic score below the pass mark, unless the quiz is hand-marked."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from quizzes.models import QuestionType, QuizCategoryDraw, QuizPage
from quizzes.models.bank import auto_marked_types
from quizzes.selectors import DrawSpec, quiz_paper_auto_floor
from quizzes.services import quiz_attempt_start
from quizzes.services.bank import quiz_page_create
from tests.factories.quizzes import QuestionCategoryFactory, QuestionFactory, QuizCategoryDrawFactory, QuizPageFactory

pytestmark = pytest.mark.django_db

WITH_ESSAYS = ["single", "multiple", "true_false", "fill_in", "essay"]


@pytest.fixture
def bank_with_an_essay():
    """The issue's bank: twelve one-point questions and one five-point essay."""
    category = QuestionCategoryFactory(name="法律法规")
    choices = [QuestionFactory(category=category, points=1) for _ in range(12)]
    essay = QuestionFactory(category=category, qtype=QuestionType.ESSAY, points=5, stem="简述首问负责制。")
    return category, choices, essay


def test_a_draw_takes_only_automatically_marked_types_by_default(course, trainee, bank_with_an_essay):
    category, choices, essay = bank_with_an_essay
    quiz = QuizPageFactory(parent=course, attempts_allowed=0)
    draw = QuizCategoryDrawFactory(quiz=quiz, category=category, count=13)
    assert QuestionType.ESSAY not in draw.question_types
    paper = quiz_attempt_start(quiz=quiz, user=trainee).question_ids
    assert sorted(paper) == sorted(q.pk for q in choices)


def test_a_draw_that_lists_essays_draws_them(course, trainee, bank_with_an_essay):
    category, choices, essay = bank_with_an_essay
    quiz = QuizPageFactory(parent=course, hand_marked=True)
    QuizCategoryDrawFactory(quiz=quiz, category=category, count=13, question_types=WITH_ESSAYS)
    assert essay.pk in quiz_attempt_start(quiz=quiz, user=trainee).question_ids


def test_a_draw_of_essays_only_draws_no_choice_question(course, trainee, bank_with_an_essay):
    category, _choices, essay = bank_with_an_essay
    quiz = QuizPageFactory(parent=course, hand_marked=True)
    QuizCategoryDrawFactory(quiz=quiz, category=category, count=5, question_types=["essay"])
    assert quiz_attempt_start(quiz=quiz, user=trainee).question_ids == [essay.pk]


def test_a_draw_with_no_type_is_refused(bank_with_an_essay):
    draw = QuizCategoryDraw(category=bank_with_an_essay[0], count=3, question_types=[])
    with pytest.raises(ValidationError) as error:
        draw.clean()
    assert "question_types" in error.value.message_dict


def test_the_automatic_floor_of_the_issues_paper_is_12_of_17(bank_with_an_essay):
    category = bank_with_an_essay[0]
    floor = quiz_paper_auto_floor(
        fixed_question_ids=[],
        draws=[DrawSpec(category_id=category.pk, count=13, difficulty=None, question_types=WITH_ESSAYS)],
        max_questions=None,
        random_order=False,
    )
    assert floor == Decimal("70.59")  # 12 / 17: under an 80 % pass mark no one passes before marking


def test_the_floor_counts_the_worst_cut_of_a_random_paper(bank_with_an_essay):
    category, _choices, essay = bank_with_an_essay
    floor = quiz_paper_auto_floor(
        fixed_question_ids=[essay.pk],
        draws=[DrawSpec(category_id=category.pk, count=12, difficulty=None, question_types=["single"])],
        max_questions=3,
        random_order=True,
    )
    assert floor == Decimal("28.57")  # the essay and two one-point questions: 2 / 7
    in_order = quiz_paper_auto_floor(
        fixed_question_ids=[],
        draws=[
            DrawSpec(category_id=category.pk, count=12, difficulty=None, question_types=["single"]),
            DrawSpec(category_id=category.pk, count=1, difficulty=None, question_types=["essay"]),
        ],
        max_questions=12,
        random_order=False,
    )
    assert in_order == 100  # the essay comes 13th and is cut


def test_a_paper_without_essays_has_no_floor_problem(bank_with_an_essay):
    category = bank_with_an_essay[0]
    draws = [DrawSpec(category_id=category.pk, count=5, difficulty=None, question_types=["single"])]
    assert quiz_paper_auto_floor(fixed_question_ids=[], draws=draws, max_questions=None, random_order=False) == 100
    assert quiz_paper_auto_floor(fixed_question_ids=[], draws=[], max_questions=None, random_order=False) is None


def quiz_form(*, category, types, pass_mark=80, hand_marked=False, slug="final-exam") -> dict:
    data = nested_form_data(
        {
            "title": "结业考试",
            "slug": slug,
            "intro": rich_text("<p>考试说明</p>"),
            "fixed_questions": inline_formset([]),
            "category_draws": inline_formset([{"category": category.pk, "count": 13, "difficulty": ""}]),
            "feedback_mode": "at_end",
            "multiple_choice_scoring": "half_for_subset",
            "pass_mark": pass_mark,
            "attempts_allowed": 0,
            "grading_method": "highest",
            "exam_paper": "on",
            "grace_seconds": 30,
            "review_when": "immediately",
            "is_required": "on",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    data["category_draws-0-question_types"] = types
    if hand_marked:
        data["hand_marked"] = "on"
    return data


def test_the_editor_refuses_an_essay_draw_that_puts_the_pass_mark_out_of_reach(
    admin_client, course, bank_with_an_essay
):
    url = reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", course.pk])
    response = admin_client.post(url, quiz_form(category=bank_with_an_essay[0], types=WITH_ESSAYS))
    assert response.status_code == 200
    assert "70.6" in response.context["form"].errors["pass_mark"][0]
    assert not QuizPage.objects.filter(slug="final-exam").exists()


@pytest.mark.parametrize(
    ("types", "pass_mark", "hand_marked"),
    [
        (["single", "multiple", "true_false", "fill_in"], 80, False),  # no essay can be drawn
        (WITH_ESSAYS, 70, False),  # 70.59 % is reachable automatically
        (WITH_ESSAYS, 80, True),  # the quiz says a trainer's marking decides
    ],
)
def test_the_editor_accepts_a_reachable_or_hand_marked_paper(
    admin_client, course, bank_with_an_essay, types, pass_mark, hand_marked
):
    url = reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", course.pk])
    data = quiz_form(category=bank_with_an_essay[0], types=types, pass_mark=pass_mark, hand_marked=hand_marked)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    quiz = QuizPage.objects.get(slug="final-exam")
    assert quiz.hand_marked is hand_marked
    assert quiz.category_draws.get().question_types == types
    assert admin_client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk])).status_code == 200


def test_quiz_page_create_refuses_what_the_editor_refuses(course, bank_with_an_essay):
    category = bank_with_an_essay[0]
    with pytest.raises(ValidationError) as error:
        quiz_page_create(course=course, title="考试", slug="exam", draws=[(category, 13, WITH_ESSAYS)], pass_mark=80)
    assert "pass_mark" in error.value.message_dict
    assert not QuizPage.objects.filter(slug="exam").exists()
    quiz = quiz_page_create(course=course, title="考试", slug="exam", draws=[(category, 13)], pass_mark=80)
    assert quiz.category_draws.get().question_types == auto_marked_types()
