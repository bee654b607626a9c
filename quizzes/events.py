"""Facts the quizzes app announces (core.events). Listeners: settings.LMS_EVENT_LISTENERS."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, kw_only=True)
class QuizAttemptGraded:
    """An attempt's grade is final: on hand-in when nothing waits for marking, or when the last
    essay is marked; again after a re-mark. `passed` follows the quiz's pass rule
    (QuizPage.passes)."""

    attempt_id: int
    user_id: int
    quiz_id: int
    quiz_title: str
    course_id: int | None
    score: Decimal
    max_score: Decimal
    percent: Decimal
    passed: bool
    graded_at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class EssayAwaitsMarking:
    """An attempt was handed in with essay answers that a trainer must mark before its grade is
    final (announced once, at hand-in)."""

    attempt_id: int
    user_id: int
    quiz_id: int
    quiz_title: str
    essays: int
    finished_at: dt.datetime
