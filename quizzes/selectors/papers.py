"""The paper as a trainee sees it, during an attempt and in its review, built to leave out what a
trainee may not yet see: correct options, accepted answers, explanations, the feedback written for
the answer given and per-answer marks are added only when the quiz's review settings (or
feedback-after-each on a checked question) allow; the marking queue for trainers."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from courses.structure import pages_cached
from quizzes.grading import answer_feedback
from quizzes.models import (
    AttemptAnswer,
    AttemptStatus,
    FeedbackMode,
    Question,
    QuestionType,
    QuizAttempt,
    QuizPage,
    ReviewAvailability,
)
from quizzes.selectors.grades import seconds_remaining
from quizzes.selectors.question_cache import questions_cached


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
    if question.qtype in (QuestionType.FILL_IN, QuestionType.NUMERICAL):
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


def answer_outcome(answer: AttemptAnswer | None) -> str:
    """How an answer did, as a trainee reads it: correct, partly correct (some points, not all:
    never 'wrong'), wrong, or pending while an essay waits for its marker."""
    if answer is None:
        return "wrong"
    if answer.is_correct:
        return "correct"
    if answer.score is None:
        return "pending"
    return "partial" if answer.score > 0 else "wrong"


def attempt_paper(
    *,
    attempt: QuizAttempt,
    quiz: QuizPage,
    reveal: bool = False,
    reveal_explanations: bool = False,
    reveal_marks: bool = True,
) -> list[PaperItem]:
    """The attempt's questions in their frozen order with the trainee's saved answers. Each part
    of the feedback follows its own review option, so they combine freely: how each answer did and
    the correct answers only for `reveal`, explanations only for `reveal_explanations`, the points
    of each answer only with `reveal_marks` as well; the bank's feedback to the answer given only
    with both `reveal` and `reveal_explanations` (it tells right from wrong). In
    feedback-after-each mode a question the trainee has checked (locked) shows all of it."""
    questions = questions_cached(question_ids=attempt.question_ids)  # no query when cached
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
        feedback: dict = {}
        if reveal or checked:
            feedback.update(
                outcome=answer_outcome(answer),
                is_correct=answer.is_correct if answer else False,
                **_correct_payload(question),
            )
            if reveal_marks or checked:
                feedback["score"] = str(answer.score) if answer and answer.score is not None else None
                feedback["points"] = str(question.points)
            if answer and answer.marker_comment:
                feedback["marker_comment"] = answer.marker_comment
        if reveal_explanations or checked:
            feedback["explanation"] = question.explanation
        if (reveal and reveal_explanations) or checked:
            # Moodle's specific feedback: what the bank says to the answer this trainee gave.
            feedback["answer_feedback"] = answer_feedback(
                question=question, response=answer.response if answer else None
            )
        item.feedback = feedback or None
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
    """What the review of a handed-in attempt shows, each review option on its own: the score,
    the trainee's answers (when the paper is kept), whether each was right with the correct
    answers, and the explanations, in any combination."""
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
            attempt=attempt,
            quiz=quiz,
            reveal=review.show_correct,
            reveal_explanations=review.show_explanations,
            reveal_marks=review.show_score,
        )
    return review


def my_attempts(*, user: AbstractBaseUser) -> QuerySet[QuizAttempt]:
    """A trainee's attempts, newest first (one query; their quizzes: attempts_quiz_attach)."""
    return QuizAttempt.objects.filter(user=user).order_by("-started_at", "-pk")


def attempts_quiz_attach(attempts) -> None:
    """Give each attempt its quiz page from the page cache (courses.structure.pages_cached): one
    instance per quiz however many attempts show it, no join of the page tables, and at most one
    query for quizzes not in the cache."""
    attempts = list(attempts)
    quizzes = pages_cached(pks=[attempt.quiz_id for attempt in attempts], model=QuizPage)
    for attempt in attempts:
        attempt.quiz = quizzes[attempt.quiz_id]


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
