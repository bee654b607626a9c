"""Classical item analysis of a quiz's graded attempts, for trainers."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from quizzes.models import AttemptAnswer, AttemptStatus, Question, QuestionType, QuizAttempt, QuizPage
from quizzes.selectors.papers import LABELS


@dataclass
class QuestionStats:
    question: Question
    answered: int = 0
    correct: int = 0
    facility: float | None = None
    discrimination: float | None = None
    option_counts: list = field(default_factory=list)  # [(label, text, is_correct, count)]


@dataclass
class ItemAnalysis:
    quiz: QuizPage
    attempt_count: int
    mean_percent: float | None
    score_buckets: list  # [(label, count)]
    questions: list[QuestionStats]


def quiz_item_analysis(*, quiz: QuizPage) -> ItemAnalysis:
    """Classical item analysis over graded attempts:
    - facility = share of attempts that got the question fully right;
    - discrimination = facility in the top 27 % of attempts (by total) minus facility in the
      bottom 27 % (from −1 to 1; below 0.2 the question does not separate strong from weak);
    - option distribution for choice questions, score distribution in 10-point bands.
    Four queries whatever the number of attempts."""
    attempts = list(
        QuizAttempt.objects.filter(quiz=quiz, status=AttemptStatus.FINISHED, graded_at__isnull=False).values_list(
            "pk", "percent"
        )
    )
    percents = {pk: float(p or 0) for pk, p in attempts}
    answers = list(
        AttemptAnswer.objects.filter(attempt_id__in=percents.keys()).values_list(
            "attempt_id", "question_id", "is_correct", "response"
        )
    )
    ranked = sorted(percents, key=lambda pk: percents[pk])
    k = max(1, round(len(ranked) * 0.27)) if ranked else 0
    lower, upper = set(ranked[:k]), set(ranked[-k:]) if k else set()
    by_question: dict[int, list] = defaultdict(list)
    for row in answers:
        by_question[row[1]].append(row)
    questions = Question.objects.filter(pk__in=by_question.keys()).prefetch_related("options")
    stats = []
    for question in questions:
        rows = by_question[question.pk]
        s = QuestionStats(question=question, answered=len(rows), correct=sum(1 for r in rows if r[2]))
        s.facility = s.correct / s.answered if s.answered else None
        up = [r for r in rows if r[0] in upper]
        low = [r for r in rows if r[0] in lower]
        if up and low and len(ranked) >= 2:
            s.discrimination = sum(1 for r in up if r[2]) / len(up) - sum(1 for r in low if r[2]) / len(low)
        if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            counts = Counter(oid for r in rows if isinstance(r[3], list) for oid in r[3])
            s.option_counts = [
                (LABELS[i] if i < len(LABELS) else str(i + 1), o.text, o.is_correct, counts.get(o.pk, 0))
                for i, o in enumerate(question.options.all())
            ]
        elif question.qtype == QuestionType.TRUE_FALSE:
            counts = Counter(r[3] for r in rows if isinstance(r[3], bool))
            s.option_counts = [
                ("T", "✓", question.correct_true is True, counts.get(True, 0)),
                ("F", "✗", question.correct_true is False, counts.get(False, 0)),
            ]
        stats.append(s)
    buckets = Counter(min(int(p // 10), 9) for p in percents.values())
    score_buckets = [(f"{b * 10}–{b * 10 + 9 if b < 9 else 100}", buckets.get(b, 0)) for b in range(10)]
    mean = sum(percents.values()) / len(percents) if percents else None
    return ItemAnalysis(
        quiz=quiz,
        attempt_count=len(percents),
        mean_percent=mean,
        score_buckets=score_buckets,
        questions=sorted(stats, key=lambda s: s.question.pk),
    )
