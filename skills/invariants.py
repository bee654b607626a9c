"""The skills app's invariants (core.integrity; written down in docs/invariants.md): a level rests
on its gate or on a named sign-off, a follow-up follows a completed course, and a reminder marked
sent reached someone."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.integrity import Violation, violation
from courses.models import CourseEnrolment
from org.models import Post
from skills.engine import level_gates_at_grant
from skills.models import (
    FollowUp,
    FollowUpEvaluation,
    FollowUpStatus,
    LevelBasis,
    LevelRecord,
    PromotionRecommendation,
    ReminderKind,
    ReminderSent,
    ReminderStatus,
    SkillLevel,
)

USERS_PER_BATCH = 500


def level_records_meet_their_gate() -> list[Violation]:
    """A level granted on its criteria met every criterion of its level, on its post's ladder, when
    it was granted (skills.engine.level_gates_at_grant: the evidence known then, the months in post
    then, the approver as the manager's sign-off). A level granted by sign-off names who signed
    (approved_by) and why (note). Either way, the level below in the same post was held by then.
    Read in batches of people, three queries each."""
    invariant = "skills.level_gate"
    user_ids = list(LevelRecord.objects.order_by("user_id").values_list("user_id", flat=True).distinct())
    found = []
    for start in range(0, len(user_ids), USERS_PER_BATCH):
        records = list(
            LevelRecord.objects.filter(user_id__in=user_ids[start : start + USERS_PER_BATCH]).order_by(
                "awarded_at", "pk"
            )
        )
        held: dict[tuple[int, int], list] = {}
        for record in records:
            held.setdefault((record.user_id, record.post_id), []).append(record)
        gates = level_gates_at_grant(records=[r for r in records if r.basis != LevelBasis.SIGN_OFF])
        for record in records:

            def report(message: str, record=record) -> None:
                found.append(
                    violation(
                        invariant,
                        LevelRecord,
                        record.pk,
                        message,
                        related=[(Post, record.post_id), (PromotionRecommendation, record.recommendation_id)],
                    )
                )

            level = SkillLevel(record.level).label if record.level in SkillLevel.values else record.level
            if record.level > 1 and not any(
                r.level == record.level - 1 and r.awarded_at <= record.awarded_at
                for r in held[(record.user_id, record.post_id)]
            ):
                report(_("%(level)s was granted before the level below it was held.") % {"level": level})
            if record.basis == LevelBasis.SIGN_OFF:
                if record.approved_by_id is None or not record.note.strip():
                    report(
                        _("%(level)s rests on a sign-off that does not name who signed it and why.") % {"level": level}
                    )
                continue
            criteria = gates.get(record.pk, [])
            missing = [str(c.description) for c in criteria if not c.met]
            if not criteria:
                report(
                    _("%(level)s was granted on its criteria, but the post's ladder has none for it.")
                    % {"level": level}
                )
            elif missing:
                report(
                    _("%(level)s was granted on %(date)s without: %(missing)s.")
                    % {"level": level, "date": timezone.localdate(record.awarded_at), "missing": "；".join(missing)}
                )
    return found


def follow_ups_belong_to_completed_enrolments() -> list[Violation]:
    """A follow-up evaluation is scheduled from a completed enrolment of the same person in the
    same course, and a done one was evaluated (with its evaluation on record) after that
    completion. One query."""
    invariant = "skills.follow_up_enrolment"
    rows = FollowUp.objects.values_list(
        "pk",
        "trainee_id",
        "course_id",
        "status",
        "enrolment_id",
        "enrolment__user_id",
        "enrolment__course_id",
        "enrolment__completed_at",
        "evaluation__pk",
        "evaluation__created_at",
    ).order_by("pk")
    found = []
    for (
        pk,
        trainee_id,
        course_id,
        status,
        enrolment_id,
        enrolment_user_id,
        enrolment_course_id,
        completed_at,
        evaluation_id,
        evaluated_at,
    ) in rows.iterator(chunk_size=2000):
        problems = []
        if completed_at is None:
            problems.append(_("It follows a course enrolment that is not completed."))
        if enrolment_user_id != trainee_id or enrolment_course_id != course_id:
            problems.append(_("Its person or course is not those of its enrolment."))
        if status == FollowUpStatus.DONE:
            if evaluation_id is None:
                problems.append(_("It is done, but there is no evaluation."))
            elif completed_at is not None and evaluated_at < completed_at:
                problems.append(_("It was evaluated before the course was completed."))
        for problem in problems:
            found.append(
                violation(
                    invariant,
                    FollowUp,
                    pk,
                    problem,
                    related=[(CourseEnrolment, enrolment_id), (FollowUpEvaluation, evaluation_id)],
                )
            )
    return found


def follow_up_reminders_reached_someone() -> list[Violation]:
    """A follow-up reminder is recorded as sent only when it went to at least one address (the
    reminders go by e-mail): a sent row with an empty recipient list was sent to nobody (one that
    reached nobody stays undelivered and is tried again). One query."""
    return [
        violation(
            "skills.reminder_channel",
            ReminderSent,
            pk,
            _("The reminder “%(kind)s” is recorded as sent, but it had no recipient.")
            % {"kind": ReminderKind(kind).label if kind in ReminderKind.values else kind},
            related=[(FollowUp, follow_up_id)],
        )
        for pk, kind, follow_up_id in ReminderSent.objects.filter(status=ReminderStatus.SENT, recipients=[])
        .values_list("pk", "kind", "follow_up_id")
        .order_by("pk")
    ]
