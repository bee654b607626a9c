"""Reads of the question bank: categories with their sub-categories, and questions for export."""

from django.db.models import QuerySet

from quizzes.models import Question, QuestionCategory


def category_descendant_ids(*, category_id: int) -> list[int]:
    """A category and all its sub-categories (one query per level; banks are shallow)."""
    ids, frontier = [category_id], [category_id]
    while frontier:
        frontier = list(QuestionCategory.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids += frontier
    return ids


def questions_for_export(*, category_id: int | None = None) -> QuerySet[Question]:
    """Questions of a category and its sub-categories (all when none), with options and the
    category chain the exporters print."""
    qs = Question.objects.select_related("category__parent__parent").prefetch_related("options")
    if category_id:
        qs = qs.filter(category_id__in=category_descendant_ids(category_id=category_id))
    return qs.order_by("category_id", "pk")
