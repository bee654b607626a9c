"""Grades and the clock as the server counts them."""

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from courses.selectors import cycle_started_at
from quizzes.models import AttemptStatus, GradingMethod, QuizAttempt, QuizPage


def quiz_attempts_this_cycle(*, quiz: QuizPage, user_id: int) -> QuerySet[QuizAttempt]:
    """The person's attempts at the quiz in their current cycle of its course: a refresher of a
    completed course (the next cycle) starts with every attempt available again and no grade, so a
    pass last year neither blocks nor completes this year's exam."""
    attempts = QuizAttempt.objects.filter(quiz=quiz, user_id=user_id)
    since = cycle_started_at(user_id=user_id, step=quiz)
    return attempts if since is None else attempts.filter(started_at__gte=since)


def quiz_grade_percent(*, quiz: QuizPage, user_id: int) -> Decimal | None:
    """The trainee's grade for the quiz by its grading method, over this cycle's attempts whose
    grade is final."""
    percents = list(
        quiz_attempts_this_cycle(quiz=quiz, user_id=user_id)
        .filter(status=AttemptStatus.FINISHED, graded_at__isnull=False)
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
