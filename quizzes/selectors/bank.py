"""Reads of the question bank: categories with their sub-categories, what a category draw may put
on a paper, and questions for export."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from quizzes.models import Question, QuestionCategory, QuestionType

HUNDREDTH = Decimal("0.01")


def category_descendant_ids(*, category_id: int) -> list[int]:
    """A category and all its sub-categories (one query per level; banks are shallow)."""
    ids, frontier = [category_id], [category_id]
    while frontier:
        frontier = list(QuestionCategory.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids += frontier
    return ids


def draw_pool(*, category_id: int, difficulty: int | None, question_types: list[str]) -> QuerySet[Question]:
    """The questions a category draw may pick: active, of the draw's types (and difficulty, when it
    names one), in the category or any of its sub-categories."""
    pool = Question.objects.filter(
        category_id__in=category_descendant_ids(category_id=category_id), is_active=True, qtype__in=question_types
    )
    return pool.filter(difficulty=difficulty) if difficulty else pool


@dataclass(frozen=True)
class DrawSpec:
    category_id: int
    count: int
    difficulty: int | None
    question_types: list[str]


def _worst_first(rows: list[tuple]) -> list[tuple]:
    """Rows (type, points, …): essays with the most points first, then the other questions with
    the fewest points, the order in which picking leaves the smallest automatically marked share."""
    essays = sorted((r for r in rows if r[0] == QuestionType.ESSAY), key=lambda r: -r[1])
    others = sorted((r for r in rows if r[0] != QuestionType.ESSAY), key=lambda r: r[1])
    return essays + others


def quiz_paper_auto_floor(
    *, fixed_question_ids: list[int], draws: list[DrawSpec], max_questions: int | None, random_order: bool
) -> Decimal | None:
    """The smallest share of a paper's points (in %, rounded as attempts round) that the server
    marks without a trainer, over every paper these settings can draw; None for an empty paper.
    An attempt can reach at most this percentage before its essays are marked.

    The worst paper is built greedily: each draw takes as many essays as its pool holds (most
    points first), then its cheapest other questions; swapping an automatically marked question
    for an essay never raises the share. The cut to `max_questions` keeps the first questions in
    paper order or, when the order is random, any of them, so the worst ones. One query for the
    fixed questions, and per draw its category levels and one for its pool."""
    fixed = {
        pk: (qtype, pts, pk)
        for pk, qtype, pts in Question.objects.filter(pk__in=fixed_question_ids, is_active=True).values_list(
            "pk", "qtype", "points"
        )
    }
    paper = [fixed[pk] for pk in dict.fromkeys(fixed_question_ids) if pk in fixed]
    taken = set(fixed)
    for draw in draws:
        pool = draw_pool(category_id=draw.category_id, difficulty=draw.difficulty, question_types=draw.question_types)
        rows = [(qtype, pts, pk) for pk, qtype, pts in pool.values_list("pk", "qtype", "points") if pk not in taken]
        picked = _worst_first(rows)[: max(draw.count, 0)]
        paper += picked
        taken |= {pk for _qtype, _pts, pk in picked}
    if max_questions and len(paper) > max_questions:
        paper = (_worst_first(paper) if random_order else paper)[:max_questions]
    total = sum((pts for _qtype, pts, _pk in paper), Decimal("0"))
    if not total:
        return None
    auto = sum((pts for qtype, pts, _pk in paper if qtype != QuestionType.ESSAY), Decimal("0"))
    return (auto * 100 / total).quantize(HUNDREDTH)


def questions_for_export(*, category_id: int | None = None) -> QuerySet[Question]:
    """Questions of a category and its sub-categories (all when none), with the options, answer
    rows and tags the exporters write and the category chain they print (four levels read at
    once; a deeper chain costs a query per further level)."""
    qs = Question.objects.select_related("category__parent__parent__parent").prefetch_related(
        "options", "answer_keys", "tags"
    )
    if category_id:
        qs = qs.filter(category_id__in=category_descendant_ids(category_id=category_id))
    return qs.order_by("category_id", "pk")
