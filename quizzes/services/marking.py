"""Essay marking by trainers. Every mark is a grade change: audited, and it updates the
attempt's score and pass state; when the last essay of an attempt is marked the grade becomes
final (course step, hooks)."""

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import AuditEvent
from core.sanitize import sanitize_text
from core.services import audit_record
from quizzes.models import AttemptAnswer, AttemptStatus, QuestionType, QuizAttempt, QuizPage
from quizzes.services.attempts import attempt_grade_finalise, attempt_totals


class MarkingError(Exception):
    pass


@transaction.atomic
def attempt_answer_mark(
    *, answer_id: int, marker: AbstractBaseUser, score: Decimal, comment: str = ""
) -> AttemptAnswer:
    """Give an essay answer its score (0 … the question's points). Re-marking is allowed and
    audited the same way; a grade that was already final is re-announced to the listeners."""
    answer = AttemptAnswer.objects.select_related("question").get(pk=answer_id)
    attempt = QuizAttempt.objects.select_for_update().get(pk=answer.attempt_id)
    if attempt.status != AttemptStatus.FINISHED:
        raise MarkingError(_("Only handed-in attempts can be marked."))
    if answer.question.qtype != QuestionType.ESSAY:
        raise MarkingError(_("Only essay answers are marked by hand."))
    score = Decimal(score)
    if score < 0 or score > answer.question.points:
        raise MarkingError(_("The score must be between 0 and %(max)s.") % {"max": answer.question.points})
    old = answer.score
    now = timezone.now()
    answer.score = score
    answer.is_correct = score == answer.question.points
    answer.marked_by = marker
    answer.marked_at = now
    answer.marker_comment = sanitize_text(comment)[:2000]
    answer.save(update_fields=["score", "is_correct", "marked_by", "marked_at", "marker_comment"])
    attempt.quiz = QuizPage.objects.get(pk=attempt.quiz_id)
    old_percent = attempt.percent
    attempt_totals(attempt=attempt, answers=list(attempt.answers.all()))
    attempt.save(update_fields=["score", "percent", "needs_marking", "passed"])
    audit_record(
        actor=marker,
        action=AuditEvent.Action.GRADE_CHANGE,
        obj=attempt,
        subject_user=attempt.user,
        detail={
            "answer": answer.pk,
            "question": answer.question_id,
            "old_score": str(old) if old is not None else None,
            "new_score": str(score),
            "old_percent": str(old_percent) if old_percent is not None else None,
            "new_percent": str(attempt.percent),
        },
    )
    if not attempt.needs_marking:
        attempt_grade_finalise(attempt=attempt, now=now)
    return answer
