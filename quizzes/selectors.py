"""Reads for quizzes. The trainee-facing payloads are built here, and built to leave out what a
trainee may not yet see: correct options, accepted answers, explanations and per-answer marks are
added only when the quiz's review settings (or feedback-after-each on a checked question) allow."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from quizzes.models import (
    AttemptAnswer,
    AttemptStatus,
    FeedbackMode,
    GradingMethod,
    Question,
    QuestionCategory,
    QuestionType,
    QuizAttempt,
    QuizPage,
    ReviewAvailability,
)


def category_descendant_ids(*, category_id: int) -> list[int]:
    """A category and all its sub-categories (one query per level; banks are shallow)."""
    ids, frontier = [category_id], [category_id]
    while frontier:
        frontier = list(QuestionCategory.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids += frontier
    return ids


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


def quiz_page_context(*, quiz: QuizPage, user: AbstractBaseUser | AnonymousUser) -> dict:
    from courses.selectors import step_context
    from quizzes.services.attempts import quiz_window

    context = step_context(step=quiz, user=user)
    context["window"] = quiz_window(quiz=quiz)
    context["question_count"] = quiz_paper_size(quiz=quiz)
    if not user.is_authenticated:
        return context
    attempts = list(QuizAttempt.objects.filter(quiz=quiz, user=user).order_by("number"))
    in_progress = next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None)
    used = len(attempts)
    grade = quiz_grade_percent(quiz=quiz, user_id=user.pk)
    context.update(
        attempts=attempts,
        in_progress=in_progress,
        attempts_left=None if not quiz.max_attempts else max(0, quiz.max_attempts - used),
        grade=grade,
        grade_passed=quiz.passes(grade),
    )
    return context


def quiz_paper_size(*, quiz: QuizPage) -> int:
    size = quiz.fixed_questions.count() + sum(d.count for d in quiz.category_draws.all())
    return min(size, quiz.max_questions) if quiz.max_questions else size


def review_open(*, attempt: QuizAttempt, quiz: QuizPage, now: dt.datetime | None = None) -> bool:
    """Whether the review settings let the trainee see this handed-in attempt's details now."""
    if attempt.status == AttemptStatus.IN_PROGRESS:
        return False
    if quiz.review_when == ReviewAvailability.NEVER:
        return False
    if quiz.review_when == ReviewAvailability.AFTER_CLOSE:
        now = now or timezone.now()
        return quiz.closes_at is not None and now >= quiz.closes_at
    return True


def _correct_payload(question: Question) -> dict:
    if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return {"correct_options": [o.pk for o in question.options.all() if o.is_correct]}
    if question.qtype == QuestionType.TRUE_FALSE:
        return {"correct_true": question.correct_true}
    if question.qtype == QuestionType.FILL_IN:
        return {"accepted_answers": question.accepted_answer_list()}
    return {}


@dataclass
class PaperItem:
    number: int
    question: Question
    qtype: str
    options: list  # [{"id", "text", "label"}] in the attempt's frozen order
    response: object = None
    version: int = 0
    locked: bool = False
    feedback: dict | None = None  # only when the settings allow it
    answered: bool = False

    def as_json(self) -> dict:
        data = {
            "id": self.question.pk,
            "number": self.number,
            "type": self.qtype,
            "stem": self.question.stem,
            "options": self.options,
            "response": self.response,
            "version": self.version,
            "locked": self.locked,
            "answered": self.answered,
        }
        if self.feedback is not None:
            data["feedback"] = self.feedback
        return data


LABELS = "ABCDEFGHIJ"


def _is_answered(response) -> bool:
    return response not in (None, "", [])


def attempt_paper(
    *, attempt: QuizAttempt, quiz: QuizPage, reveal: bool = False, reveal_explanations: bool = False
) -> list[PaperItem]:
    """The attempt's questions in their frozen order with the trainee's saved answers. Correct
    answers and explanations are included only for `reveal` (review allowed) or, in
    feedback-after-each mode, for questions the trainee has checked (locked)."""
    questions = {
        q.pk: q
        for q in Question.objects.filter(pk__in=attempt.question_ids)
        .prefetch_related("options")
        .select_related("image")
    }
    answers = {a.question_id: a for a in AttemptAnswer.objects.filter(attempt=attempt)}
    items = []
    for number, qid in enumerate(attempt.question_ids, start=1):
        question = questions.get(qid)
        if question is None:
            continue
        by_id = {o.pk: o for o in question.options.all()}
        order = attempt.option_order.get(str(qid), [])
        options = [
            {"id": oid, "text": by_id[oid].text, "label": LABELS[i] if i < len(LABELS) else str(i + 1)}
            for i, oid in enumerate(order)
            if oid in by_id
        ]
        answer = answers.get(qid)
        item = PaperItem(
            number=number,
            question=question,
            qtype=attempt.question_types.get(str(qid), question.qtype),
            options=options,
            response=answer.response if answer else None,
            version=answer.version if answer else 0,
            locked=bool(answer and answer.locked),
            answered=bool(answer and _is_answered(answer.response)),
        )
        checked = item.locked and quiz.feedback_mode == FeedbackMode.EACH
        if reveal or checked:
            item.feedback = {
                "is_correct": answer.is_correct if answer else False,
                "score": str(answer.score) if answer and answer.score is not None else None,
                "points": str(question.points),
                **_correct_payload(question),
            }
            if reveal_explanations or checked:
                item.feedback["explanation"] = question.explanation
            if answer and answer.marker_comment:
                item.feedback["marker_comment"] = answer.marker_comment
        items.append(item)
    return items


def attempt_state(*, attempt: QuizAttempt, now: dt.datetime | None = None) -> dict:
    """What the player needs to re-sync: status, server-counted remaining seconds and the saved
    answers with their versions. No correct answers, no explanations."""
    answers = AttemptAnswer.objects.filter(attempt=attempt).values_list("question_id", "response", "version", "locked")
    return {
        "attempt": attempt.pk,
        "status": attempt.status,
        "remaining_seconds": seconds_remaining(attempt=attempt, now=now),
        "answers": {str(qid): {"response": r, "version": v, "locked": lk} for qid, r, v, lk in answers},
    }


@dataclass
class AttemptReview:
    attempt: QuizAttempt
    quiz: QuizPage
    details_open: bool
    show_score: bool
    show_responses: bool
    show_correct: bool
    show_explanations: bool
    items: list[PaperItem] = field(default_factory=list)


def attempt_review(*, attempt: QuizAttempt, now: dt.datetime | None = None) -> AttemptReview:
    quiz = attempt.quiz
    details = review_open(attempt=attempt, quiz=quiz, now=now)
    review = AttemptReview(
        attempt=attempt,
        quiz=quiz,
        details_open=details,
        show_score=details and quiz.review_score,
        show_responses=details and quiz.review_responses and quiz.exam_paper,
        show_correct=details and quiz.review_correct,
        show_explanations=details and quiz.review_explanations,
    )
    if review.show_responses or review.show_correct or review.show_explanations:
        review.items = attempt_paper(
            attempt=attempt, quiz=quiz, reveal=review.show_correct, reveal_explanations=review.show_explanations
        )
    return review


def my_attempts(*, user: AbstractBaseUser) -> QuerySet[QuizAttempt]:
    """A trainee's attempts, newest first, with their quiz (one query)."""
    return QuizAttempt.objects.filter(user=user).select_related("quiz").order_by("-started_at", "-pk")


def marking_queue(
    *, quiz_id: int | None = None, user_id: int | None = None, include_marked: bool = False
) -> QuerySet[AttemptAnswer]:
    """Essay answers of handed-in attempts, oldest first, by quiz and trainee."""
    qs = AttemptAnswer.objects.filter(
        question__qtype=QuestionType.ESSAY, attempt__status=AttemptStatus.FINISHED
    ).select_related("attempt__quiz", "attempt__user__staff_profile", "question")
    if not include_marked:
        qs = qs.filter(score__isnull=True)
    if quiz_id:
        qs = qs.filter(attempt__quiz_id=quiz_id)
    if user_id:
        qs = qs.filter(attempt__user_id=user_id)
    return qs.order_by("attempt__finished_at", "pk")


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


def questions_for_export(*, category_id: int | None = None) -> QuerySet[Question]:
    """Questions of a category and its sub-categories (all when none), with options and the
    category chain the exporters print."""
    qs = Question.objects.select_related("category__parent__parent").prefetch_related("options")
    if category_id:
        qs = qs.filter(category_id__in=category_descendant_ids(category_id=category_id))
    return qs.order_by("category_id", "pk")
