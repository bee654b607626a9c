"""Grades and the clock as the server counts them."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from quizzes.models import AttemptStatus, GradingMethod, QuizAttempt, QuizPage


def quiz_grade_percent(*, quiz: QuizPage, user_id: int) -> Decimal | None:
    """The trainee's grade for the quiz by its grading method, over attempts whose grade is final."""
    percents = list(
        QuizAttempt.objects.filter(quiz=quiz, user_id=user_id, status=AttemptStatus.FINISHED, graded_at__isnull=False)
        .order_by("number")
        .values_list("percent", flat=True)
    )
    if not percents:
        return None
    method = quiz.grading_method
    if method == GradingMethod.FIRST:
        return percents[0]
    if method == GradingMethod.LAST:
        return percents[-1]
    if method == GradingMethod.AVERAGE:
        return (sum(percents, Decimal("0")) / len(percents)).quantize(Decimal("0.01"))
    return max(percents)


def seconds_remaining(*, attempt: QuizAttempt, now: dt.datetime | None = None) -> int | None:
    """Seconds until the deadline as the server counts them (grace not included, so the
    trainee's clock never promises more than there is)."""
    if attempt.deadline is None:
        return None
    now = now or timezone.now()
    return max(0, int((attempt.deadline - now).total_seconds()))
