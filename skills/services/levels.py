"""Levels, promotions, learning points and personal goals."""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache import person_records_changed
from core.events import event_announce
from core.models import AuditEvent
from core.services import audit_record
from org.models import Post, StaffProfile
from skills.engine import level_evaluate, levels_evaluate
from skills.events import SkillLevelApproved
from skills.messages import REASON_LEVEL_REACHED, StoredMessage
from skills.models import (
    LearningPointEntry,
    LevelBasis,
    LevelRecord,
    PersonalGoal,
    PromotionRecommendation,
    PromotionStatus,
    SkillLevel,
)
from skills.services.announcements import promotion_approved_notify, promotion_recommended_notify

LEVEL_POINTS = 50  # per level reached, times the level


class PromotionAlreadyDecided(Exception):
    pass


class PromotionNoLongerReady(Exception):
    pass


class SignOffIncomplete(Exception):
    pass


def points_credit(
    *, user: AbstractBaseUser, points: int, reason: str | StoredMessage, key: str, reason_params: dict | None = None
) -> LearningPointEntry | None:
    """Credit 学习积分 once per `key` (e.g. "course:12"); a replay credits nothing. A reason given as
    a StoredMessage (with its `reason_params`) is shown in each reader's language; the text in the
    active language is kept as well."""
    params = reason_params or {}
    message_id, text = (reason.id, reason.render(params)) if isinstance(reason, StoredMessage) else ("", reason)
    try:
        with transaction.atomic():
            return LearningPointEntry.objects.create(
                user=user, points=points, reason=text[:200], reason_message=message_id, reason_params=params, key=key
            )
    except IntegrityError:
        return None


@transaction.atomic
def skill_level_recommend(*, user: AbstractBaseUser, today: dt.date | None = None) -> PromotionRecommendation | None:
    """When every criterion of the person's next level holds, open a recommendation for their
    manager (at most one waiting per person). Returns the new recommendation, if any."""
    profile = StaffProfile.objects.filter(user_id=user.pk, left_at__isnull=True).first()
    if profile is None or profile.post_id is None:
        return None
    person = level_evaluate(profile=profile, today=today)
    return _recommend(profile=profile, person=person)


def _recommend(*, profile: StaffProfile, person) -> PromotionRecommendation | None:
    if not person.ready:
        return None
    if PromotionRecommendation.objects.filter(user_id=profile.user_id, status=PromotionStatus.PENDING).exists():
        return None
    try:
        with transaction.atomic():
            recommendation = PromotionRecommendation.objects.create(
                user_id=profile.user_id,
                post_id=profile.post_id,
                from_level=person.current_level,
                to_level=person.next_level,
                criteria_snapshot=[{"text": str(c.description), "detail": str(c.detail)} for c in person.criteria],
            )
    except IntegrityError:  # another worker opened it first
        return None
    promotion_recommended_notify(recommendation=recommendation, profile=profile)
    return recommendation


def promotion_recommendations_refresh(*, batch_size: int = 500, today: dt.date | None = None) -> int:
    """Re-evaluate everyone (time in post grows without any new evidence). Batched, three queries
    per batch for the engine; safe to run twice because at most one recommendation waits per person."""
    created = 0
    profiles = StaffProfile.objects.filter(left_at__isnull=True, post__isnull=False).order_by("pk")
    last_pk = 0
    while True:
        batch = list(profiles.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return created
        last_pk = batch[-1].pk
        evaluated = levels_evaluate(profiles=batch, today=today)
        for profile in batch:
            if _recommend(profile=profile, person=evaluated[profile.user_id]):
                created += 1


@transaction.atomic
def level_record_create(
    *,
    user: AbstractBaseUser,
    post: Post,
    level: int,
    approved_by: AbstractBaseUser | None = None,
    recommendation: PromotionRecommendation | None = None,
    note: str = "",
    basis: str = LevelBasis.GATE,
) -> LevelRecord:
    """Append a level to the person's history (the latest is their current level) and credit
    points. Callers say what it rests on: promotion_decide grants levels whose criteria are met
    (the default), level_sign_off the ones a named person signs for."""
    record = LevelRecord.objects.create(
        user=user,
        post=post,
        level=level,
        awarded_at=timezone.now(),
        approved_by=approved_by,
        recommendation=recommendation,
        note=note[:500],
        basis=basis,
    )
    points_credit(
        user=user,
        points=LEVEL_POINTS * level,
        reason=REASON_LEVEL_REACHED,
        reason_params={"level": int(level)},
        key=f"level:{user.pk}:{post.pk}:{level}",
    )
    return record


@transaction.atomic
def promotion_decide(
    *, recommendation: PromotionRecommendation, decided_by: AbstractBaseUser, approve: bool, note: str = ""
) -> PromotionRecommendation:
    """Approve or reject a waiting recommendation, once (the status is claimed with a conditional
    update, so a double tap decides nothing twice). Approval re-checks the criteria – evidence may
    have been corrected since – appends the level, and runs the skill_level_approved hooks.
    Every decision is audited."""
    now = timezone.now()
    if approve:
        profile = StaffProfile.objects.get(user_id=recommendation.user_id)
        person = level_evaluate(profile=profile)
        if (
            not person.ready
            or person.next_level != recommendation.to_level
            or profile.post_id != recommendation.post_id
        ):
            raise PromotionNoLongerReady(f"Recommendation {recommendation.pk} no longer holds.")
    status = PromotionStatus.APPROVED if approve else PromotionStatus.REJECTED
    claimed = PromotionRecommendation.objects.filter(pk=recommendation.pk, status=PromotionStatus.PENDING).update(
        status=status, decided_by=decided_by, decided_at=now, decision_note=note[:500]
    )
    if not claimed:
        raise PromotionAlreadyDecided(f"Recommendation {recommendation.pk} was already decided.")
    person_records_changed(user_ids=[recommendation.user_id])  # update() sends no signal
    recommendation.refresh_from_db()
    audit_record(
        actor=decided_by,
        action=AuditEvent.Action.PROMOTION_DECISION,
        obj=recommendation,
        subject_user=recommendation.user,
        detail={"decision": status, "to_level": recommendation.to_level, "from_level": recommendation.from_level},
    )
    if approve:
        record = level_record_create(
            user=recommendation.user,
            post=recommendation.post,
            level=recommendation.to_level,
            approved_by=decided_by,
            recommendation=recommendation,
            note=note,
        )
        event_announce(
            SkillLevelApproved(
                level_record_id=record.pk,
                user_id=record.user_id,
                post_id=record.post_id,
                level=record.level,
                awarded_at=record.awarded_at,
                approved_by_id=record.approved_by_id,
            )
        )
        promotion_approved_notify(recommendation=recommendation)
        skill_level_recommend(user=recommendation.user)  # the level after may already be within reach
    return recommendation


@transaction.atomic
def level_sign_off(
    *, user: AbstractBaseUser, post: Post, level: int, signed_off_by: AbstractBaseUser, reason: str
) -> LevelRecord:
    """Grant a level on a named person's word instead of its criteria: a level held before the
    platform, or earned at another company. The signer and the reason are required and stay on the
    record (basis "sign-off"), so `manage.py integrity` tells it from a level that skipped its gate;
    the level below must already be held. Audited like a promotion decision. No certificate is
    issued for it: a certificate states an achievement the platform saw."""
    reason = reason.strip()
    if not reason or signed_off_by is None:
        raise SignOffIncomplete(_("A sign-off names who signs and why."))
    if level not in SkillLevel.values:
        raise SignOffIncomplete(_("There is no such level."))
    if level > SkillLevel.JUNIOR and not LevelRecord.objects.filter(user=user, post=post, level=level - 1).exists():
        raise SignOffIncomplete(_("The level below must be held first."))
    record = level_record_create(
        user=user, post=post, level=level, approved_by=signed_off_by, note=reason, basis=LevelBasis.SIGN_OFF
    )
    audit_record(
        actor=signed_off_by,
        action=AuditEvent.Action.PROMOTION_DECISION,
        obj=record,
        subject_user=user,
        detail={"decision": LevelBasis.SIGN_OFF, "to_level": level, "post": post.pk, "reason": record.note},
    )
    return record


def goal_set(*, user: AbstractBaseUser, horizon: str, text: str, target_level: int | None = None) -> PersonalGoal:
    return PersonalGoal.objects.create(user=user, horizon=horizon, text=text[:300], target_level=target_level)


def goal_achieve(*, goal: PersonalGoal) -> PersonalGoal:
    if goal.achieved_at is None:
        goal.achieved_at = timezone.now()
        goal.save(update_fields=["achieved_at"])
    return goal
