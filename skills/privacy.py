"""The skills app's part of a person's data export and erasure (privacy hooks in LMS_HOOKS).

Erasure keeps the learning records for statistics but removes what was written about the person
in free text and their assessment photos. It is the one sanctioned edit of the append-only
evidence log: the notes are blanked (the facts – kind, score, dates – stay)."""

from django.db import models
from django.utils import timezone

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


def on_personal_data_export(*, user, sections: dict) -> None:
    sections["skills"] = {
        "evidence": [
            {
                "kind": e.kind,
                "what": e.title,
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
            for e in Evidence.objects.filter(user=user).order_by("pk")
        ],
        "levels": [
            {"post": str(r.post), "level": r.level, "awarded_at": _when(r.awarded_at)}
            for r in LevelRecord.objects.filter(user=user).select_related("post")
        ],
        "promotions": [
            {"to_level": p.to_level, "status": p.status, "note": p.decision_note, "created_at": _when(p.created_at)}
            for p in PromotionRecommendation.objects.filter(user=user)
        ],
        "learning_points": [
            {"points": p.points, "reason": p.reason, "when": _when(p.created_at)}
            for p in LearningPointEntry.objects.filter(user=user)
        ],
        "goals": [
            {"horizon": g.horizon, "text": g.text, "achieved_at": _when(g.achieved_at)}
            for g in PersonalGoal.objects.filter(user=user)
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
            for a in Assessment.objects.filter(trainee=user).prefetch_related("scores")
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
            for f in FollowUpEvaluation.objects.filter(follow_up__trainee=user)
            .select_related("follow_up__course")
            .prefetch_related("figures")
        ],
        "course_reactions": [
            {"course": r.course_id, "rating": r.rating, "usefulness": r.usefulness, "comment": r.comment}
            for r in CourseReaction.objects.filter(user=user)
        ],
    }


def on_personal_data_erase(*, user) -> None:
    for assessment in Assessment.objects.filter(trainee=user).exclude(photo=""):
        assessment.photo.delete(save=False)
    Assessment.objects.filter(trainee=user).update(notes="", photo="")
    FollowUpEvaluation.objects.filter(follow_up__trainee=user).update(notes="")
    CourseReaction.objects.filter(user=user).update(comment="")
    PersonalGoal.objects.filter(user=user).update(text="—")
    models.QuerySet.update(Evidence.objects.filter(user=user), note="")  # the sanctioned edit, see above
    models.QuerySet.update(PromotionRecommendation.objects.filter(user=user), decision_note="")
    dashboard_exports_expire(built_before=timezone.now())  # built files may name the leaver
