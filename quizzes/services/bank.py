"""Writes of the question bank outside its file imports (quizzes.services.bank_import): a question
with its options, as the demo and the load bench make them, and a quiz step with its questions."""

import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Page

from quizzes.admin_forms import pass_mark_unreachable_message
from quizzes.models import (
    Question,
    QuestionCategory,
    QuestionOption,
    QuizCategoryDraw,
    QuizPage,
    QuizQuestion,
)
from quizzes.models.bank import auto_marked_types
from quizzes.selectors import DrawSpec, quiz_paper_auto_floor
from quizzes.selectors.question_cache import bank_cache_renew


def question_create(
    *,
    category: QuestionCategory,
    qtype: str,
    stem: str,
    options: list[tuple[str, bool]] = (),
    correct_true: bool | None = None,
    accepted: list[str] = (),
    explanation: str = "",
    difficulty: int = 2,
    points: Decimal = Decimal("1"),
) -> Question:
    """One question with its options; the path imports, the demo and tests share."""
    question = Question.objects.create(
        category=category,
        qtype=qtype,
        stem=stem,
        correct_true=correct_true,
        accepted_answers="\n".join(accepted),
        explanation=explanation,
        difficulty=difficulty,
        points=points,
    )
    rows = [
        QuestionOption(question=question, text=text, is_correct=ok, sort_order=i)
        for i, (text, ok) in enumerate(options)
    ]
    # Rows are inserted in random order (shown by sort_order): option ids reach the browser, and
    # ids that followed the authored order would hint that "the first option is the right one".
    random.shuffle(rows)
    QuestionOption.objects.bulk_create(rows)
    bank_cache_renew()  # bulk_create sends no signal
    return question


@transaction.atomic
def quiz_page_create(
    *,
    course: Page,
    title: str,
    slug: str,
    draws: list[tuple[QuestionCategory, int] | tuple[QuestionCategory, int, list[str]]] = (),
    questions: list[Question] = (),
    **settings,
) -> QuizPage:
    """Add a published quiz step to a course, with fixed questions and per-category draws (a draw
    takes the automatically marked types unless it lists its own). Refused, as the editor refuses
    it, when essays on a possible paper put the pass mark out of reach without a trainer's marking
    and the quiz is not hand-marked."""
    quiz = QuizPage(title=title, slug=slug, **settings)
    specs = [
        DrawSpec(
            category_id=category.pk,
            count=count,
            difficulty=None,
            question_types=list(types[0]) if types else auto_marked_types(),
        )
        for category, count, *types in draws
    ]
    if not quiz.hand_marked:
        floor = quiz_paper_auto_floor(
            fixed_question_ids=[q.pk for q in questions],
            draws=specs,
            max_questions=quiz.max_questions,
            random_order=quiz.random_order,
        )
        if quiz.pass_needs_marking(auto_floor=floor):
            raise ValidationError({"pass_mark": pass_mark_unreachable_message(floor=floor, pass_mark=quiz.pass_mark)})
    course.add_child(instance=quiz)
    for i, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=i)
    for i, spec in enumerate(specs):
        QuizCategoryDraw.objects.create(
            quiz=quiz,
            category_id=spec.category_id,
            count=spec.count,
            question_types=spec.question_types,
            sort_order=i,
        )
    quiz.save_revision().publish()
    return quiz
