"""The skills app's part of a person's data export and erasure (skills.listeners calls it for the privacy app's events).

Erasure keeps the learning records for statistics but removes what was written about the person
in free text and their assessment photos. It is the one sanctioned edit of the append-only
evidence log: the notes are blanked (the facts – kind, score, dates – stay)."""

from django.db import models
from django.utils import timezone

from core.cache import person_records_changed
from skills.models import (
    Assessment,
    CourseReaction,
    Evidence,
    FollowUpEvaluation,
    LearningPointEntry,
    LevelRecord,
    PersonalGoal,
    PromotionRecommendation,
)
from skills.services.exports import dashboard_exports_expire


def _when(value) -> str | None:
    return value.isoformat() if value else None


def skills_personal_data(*, user_id: int) -> dict:
    """Everything the skills app holds about the person, for HR's export."""
    return {
        "evidence": [
            {
                "kind": e.kind,
                "what": e.title_text,
                "when": _when(e.occurred_at),
                "score": e.score,
                "percent": e.percent,
                "passed": e.passed,
                "rating": e.rating,
                "note": e.note,
                "corrects": e.supersedes_id,
                "withdrawn": e.withdrawn,
                "id": e.pk,
            }
            for e in Evidence.objects.filter(user_id=user_id).order_by("pk")
        ],
        "levels": [
            {"post": str(r.post), "level": r.level, "awarded_at": _when(r.awarded_at)}
            for r in LevelRecord.objects.filter(user_id=user_id).select_related("post")
        ],
        "promotions": [
            {"to_level": p.to_level, "status": p.status, "note": p.decision_note, "created_at": _when(p.created_at)}
            for p in PromotionRecommendation.objects.filter(user_id=user_id)
        ],
        "learning_points": [
            {"points": p.points, "reason": p.reason_text, "when": _when(p.created_at)}
            for p in LearningPointEntry.objects.filter(user_id=user_id)
        ],
        "goals": [
            {"horizon": g.horizon, "text": g.text, "achieved_at": _when(g.achieved_at)}
            for g in PersonalGoal.objects.filter(user_id=user_id)
        ],
        "assessments": [
            {
                "kind": a.kind,
                "what": a.title,
                "score": a.total_score,
                "maximum": a.max_score,
                "passed": a.passed,
                "notes": a.notes,
                "photo": a.photo.name,
                "when": _when(a.created_at),
                "scores": [
                    {"criterion": s.criterion, "score": s.score, "maximum": s.max_score} for s in a.scores.all()
                ],
            }
            for a in Assessment.objects.filter(trainee_id=user_id).prefetch_related("scores")
        ],
        "follow_up_evaluations": [
            {
                "course": f.follow_up.course.title,
                "months": f.follow_up.months,
                "behaviour_rating": f.behaviour_rating,
                "objectives": f.checklist,
                "owner_satisfaction": f.owner_satisfaction,
                "notes": f.notes,
                "figures": [{"metric": x.metric, "before": x.before, "after": x.after} for x in f.figures.all()],
            }
            for f in FollowUpEvaluation.objects.filter(follow_up__trainee_id=user_id)
            .select_related("follow_up__course")
            .prefetch_related("figures")
        ],
        "course_reactions": [
            {"course": r.course_id, "rating": r.rating, "usefulness": r.usefulness, "comment": r.comment}
            for r in CourseReaction.objects.filter(user_id=user_id)
        ],
    }


def skills_personal_data_erase(*, user_id: int) -> None:
    """Blank what was written about the person and delete their assessment photos; the facts stay."""
    for assessment in Assessment.objects.filter(trainee_id=user_id).exclude(photo=""):
        assessment.photo.delete(save=False)
    Assessment.objects.filter(trainee_id=user_id).update(notes="", photo="")
    FollowUpEvaluation.objects.filter(follow_up__trainee_id=user_id).update(notes="")
    CourseReaction.objects.filter(user_id=user_id).update(comment="")
    PersonalGoal.objects.filter(user_id=user_id).update(text="—")
    models.QuerySet.update(Evidence.objects.filter(user_id=user_id), note="")  # the sanctioned edit, see above
    models.QuerySet.update(PromotionRecommendation.objects.filter(user_id=user_id), decision_note="")
    person_records_changed(user_ids=[user_id])  # the updates above send no signal
    dashboard_exports_expire(built_before=timezone.now())  # built files may name the leaver
