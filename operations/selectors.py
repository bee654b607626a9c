"""Reads for retraining from operations."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from operations.models import OperationsOutcome, OutcomeCategory, RetrainingRule


def retraining_rule_for(*, kind: str, category: OutcomeCategory | None) -> RetrainingRule | None:
    """The active rule for this outcome: the one naming its category, else the catch-all of its
    kind (no category), else none."""
    rules = RetrainingRule.objects.select_related("course").filter(kind=kind, is_active=True)
    if category is not None:
        named = rules.filter(category=category).first()
        if named is not None:
            return named
    return rules.filter(category__isnull=True).first()


def outcomes_of(*, user: AbstractBaseUser) -> QuerySet[OperationsOutcome]:
    return OperationsOutcome.objects.filter(user=user).select_related("category", "enrolment__course")
