"""Follow-up evaluations after a course, their reminders, and the trainees' reaction surveys."""

import datetime as dt
import logging
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import CourseEnrolment, CoursePage
from org.models import Role, StaffProfile
from skills.messages import EVIDENCE_FOLLOW_UP
from skills.models import (
    CourseReaction,
    EvidenceKind,
    FigureMetric,
    FollowUp,
    FollowUpEvaluation,
    FollowUpFigure,
    FollowUpStatus,
    ReminderKind,
    ReminderSent,
    ReminderStatus,
)
from skills.models.evaluation import figure_range_error
from skills.services.evidence import evidence_record

logger = logging.getLogger(__name__)

# A reminder goes out this many days before the due date; "overdue" after OVERDUE_DAYS; the site
# manager hears about it after ESCALATE_DAYS.
REMIND_BEFORE_DAYS = 3
OVERDUE_DAYS = 7
ESCALATE_DAYS = 30


class FollowUpAlreadyDone(Exception):
    pass


def follow_up_evaluator_for(*, trainee_profile: StaffProfile | None) -> StaffProfile | None:
    """The trainee's own manager; otherwise a manager whose scope covers the trainee's site."""
    if trainee_profile is None:
        return None
    if trainee_profile.manager_id:
        return trainee_profile.manager
    if trainee_profile.site_id:
        return (
            StaffProfile.objects.filter(role=Role.MANAGER, left_at__isnull=True)
            .filter(Q(managed_sites=trainee_profile.site_id) | Q(managed_departments__site=trainee_profile.site_id))
            .exclude(pk=trainee_profile.pk)
            .order_by("pk")
            .first()
        )
    return None


@transaction.atomic
def follow_ups_schedule(*, enrolment: CourseEnrolment) -> list[FollowUp]:
    """Schedule the course's follow-ups (+1, +3, +6 months by default, per course) from the
    completion date, owned by the trainee's manager. Idempotent: one per enrolment and month."""
    course: CoursePage = enrolment.course
    completed = timezone.localdate(enrolment.completed_at) if enrolment.completed_at else timezone.localdate()
    profile = StaffProfile.objects.select_related("manager").filter(user_id=enrolment.user_id).first()
    assignee = follow_up_evaluator_for(trainee_profile=profile)
    follow_ups = []
    for months in course.follow_up_month_list():
        follow_up, _created = FollowUp.objects.get_or_create(
            enrolment=enrolment,
            months=months,
            defaults={
                "trainee_id": enrolment.user_id,
                "course": course,
                "due_date": completed + relativedelta(months=months),
                "assignee": assignee,
            },
        )
        follow_ups.append(follow_up)
    return follow_ups


def follow_up_values_check(
    *, behaviour_rating: int, figures: dict[str, tuple[Decimal, Decimal]], owner_satisfaction: Decimal | None
) -> None:
    """Each value of a follow-up evaluation within its range, or a ValidationError whose keys are
    the form's field names and whose messages name the figure."""
    errors: dict[str, str] = {}
    if not 1 <= behaviour_rating <= 5:
        errors["behaviour_rating"] = _("Behaviour rating: %(value)s is outside 1–5.") % {"value": behaviour_rating}
    if owner_satisfaction is not None and not 0 <= owner_satisfaction <= 100:
        errors["owner_satisfaction"] = _("Owner satisfaction: %(value)s%% is outside 0–100.") % {
            "value": owner_satisfaction
        }
    for metric, (before, after) in figures.items():
        if metric not in FigureMetric.values:
            errors[metric] = _("Unknown work figure: %(metric)s.") % {"metric": metric}
            continue
        for when, value in (("before", before), ("after", after)):
            if message := figure_range_error(metric=metric, value=value):
                errors[f"{metric}_{when}"] = message
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def follow_up_evaluate(
    *,
    follow_up: FollowUp,
    evaluator: AbstractBaseUser,
    objectives_met: list[int],
    behaviour_rating: int,
    figures: dict[str, tuple[Decimal, Decimal]],
    owner_satisfaction: Decimal | None = None,
    notes: str = "",
) -> FollowUpEvaluation:
    """Record a follow-up evaluation (once) and log its behaviour rating as evidence. The checklist
    is the course's learning objectives, each marked applied at work or not. A value out of its
    range (a rate above 100 %, a negative count, a rating outside 1–5) is refused with a
    ValidationError naming the field, whoever calls."""
    follow_up_values_check(behaviour_rating=behaviour_rating, figures=figures, owner_satisfaction=owner_satisfaction)
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.status != FollowUpStatus.SCHEDULED:
        raise FollowUpAlreadyDone(f"Follow-up {locked.pk} is {locked.status}.")
    course = locked.course
    checklist = [{"id": o.pk, "text": o.text, "met": o.pk in set(objectives_met)} for o in course.objectives.all()]
    evaluation = FollowUpEvaluation.objects.create(
        follow_up=locked,
        evaluator=evaluator,
        checklist=checklist,
        behaviour_rating=behaviour_rating,
        owner_satisfaction=owner_satisfaction,
        notes=notes,
    )
    FollowUpFigure.objects.bulk_create(
        [
            FollowUpFigure(evaluation=evaluation, metric=metric, before=before, after=after)
            for metric, (before, after) in figures.items()
        ]
    )
    now = timezone.now()
    locked.status = FollowUpStatus.DONE
    locked.completed_at = now
    locked.save(update_fields=["status", "completed_at"])
    evidence_record(
        user=locked.trainee,
        kind=EvidenceKind.FOLLOW_UP,
        title=EVIDENCE_FOLLOW_UP,
        title_params={"m": locked.months, "course": course.title},
        source_type="skills.FollowUpEvaluation",
        source_id=str(evaluation.pk),
        occurred_at=now,
        recorded_by=evaluator,
        course=course,
        rating=Decimal(behaviour_rating),
        percent=Decimal(behaviour_rating * 20),
        passed=behaviour_rating >= 3,
    )
    return evaluation


def _site_managers(profile: StaffProfile | None, exclude_pk: int | None) -> list[StaffProfile]:
    if profile is None or profile.site_id is None:
        return []
    managers = list(
        StaffProfile.objects.filter(role=Role.MANAGER, left_at__isnull=True, managed_sites=profile.site_id)
        .exclude(pk=exclude_pk)
        .select_related("user")
        .order_by("pk")
    )
    if not managers:  # nobody above the evaluator on site: HR hears about it
        managers = list(StaffProfile.objects.filter(role=Role.HR_ADMIN, left_at__isnull=True).select_related("user"))
    return managers


def _send_once(*, follow_up: FollowUp, kind: str, recipients: list[StaffProfile], subject: str, body: str) -> bool:
    """Send the (follow-up, kind) reminder unless it was sent. True only when it reached someone now.

    The row is created or locked first, so a second run – or a second worker – finds it sent and
    skips it. With nobody to send to (no e-mail address) or a mail server that refuses it, the row
    stays undelivered (counted, with its attempts) and the next run tries again."""
    emails = sorted({p.user.email for p in recipients if p.user.email})
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder, _created = ReminderSent.objects.select_for_update().get_or_create(
                    follow_up=follow_up, kind=kind
                )
        except IntegrityError:  # another run is creating it right now
            return False
        if reminder.status == ReminderStatus.SENT:
            return False
        reminder.attempts += 1
        reminder.last_attempt_at = timezone.now()
        if emails:
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
            except Exception:  # mail server down: stays undelivered, the next run tries again
                logger.exception("follow-up reminder %s for %s not sent", kind, follow_up.pk)
            else:
                reminder.status = ReminderStatus.SENT
                reminder.sent_at = reminder.last_attempt_at
                reminder.recipients = emails
        reminder.save(update_fields=["status", "sent_at", "recipients", "attempts", "last_attempt_at"])
    return reminder.status == ReminderStatus.SENT


def follow_up_reminders_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind evaluators of follow-ups coming due, again when overdue, and escalate long-overdue
    ones to the site's manager. Each reminder goes out once per follow-up and kind, counted as sent
    only when it reached someone; one that reached nobody is tried again on the next run. Returns
    the reminders sent on this run per kind."""
    today = today or timezone.localdate()
    sent = dict.fromkeys(ReminderKind.values, 0)
    open_follow_ups = (
        FollowUp.objects.filter(
            status=FollowUpStatus.SCHEDULED, due_date__lte=today + dt.timedelta(days=REMIND_BEFORE_DAYS)
        )
        .select_related("course", "assignee__user", "trainee__staff_profile")
        .prefetch_related("reminders")
        .order_by("due_date", "pk")
    )
    for follow_up in open_follow_ups:
        done = {r.kind for r in follow_up.reminders.all() if r.status == ReminderStatus.SENT}
        trainee = getattr(follow_up.trainee, "staff_profile", None)
        name = trainee.name if trainee else follow_up.trainee.get_username()
        late_days = (today - follow_up.due_date).days
        context = {"name": name, "course": follow_up.course.title, "m": follow_up.months, "due": follow_up.due_date}
        assignees = [follow_up.assignee] if follow_up.assignee else []
        plans = [
            (ReminderKind.DUE, True, assignees, _("Follow-up evaluation due: %(name)s, %(course)s") % context),
            (
                ReminderKind.OVERDUE,
                late_days >= OVERDUE_DAYS,
                assignees,
                _("Follow-up evaluation overdue: %(name)s, %(course)s") % context,
            ),
            (
                ReminderKind.ESCALATION,
                late_days >= ESCALATE_DAYS,
                None,
                ngettext(
                    "Escalation: follow-up evaluation of %(name)s is %(days)s day late",
                    "Escalation: follow-up evaluation of %(name)s is %(days)s days late",
                    late_days,
                )
                % {**context, "days": late_days},
            ),
        ]
        for kind, applies, recipients, subject in plans:
            if not applies or kind in done:
                continue
            if recipients is None:
                recipients = _site_managers(trainee, exclude_pk=follow_up.assignee_id)
            body = (
                _(
                    "The +%(m)s-month follow-up evaluation of %(name)s after “%(course)s” is due on %(due)s. "
                    "Please record it on the manager dashboard."
                )
                % context
            )
            if _send_once(follow_up=follow_up, kind=kind, recipients=recipients, subject=subject, body=body):
                sent[kind] += 1
    logger.info("follow-up reminders sent: %s", sent)
    return sent


@transaction.atomic
def course_reaction_submit(
    *, user: AbstractBaseUser, course: CoursePage, rating: int, usefulness: int, comment: str = ""
) -> CourseReaction:
    """The trainee's reaction to a course they completed; answering again replaces their answer.
    Both ratings are 1 to 5 (a ValidationError names the one that is not)."""
    from core.sanitize import sanitize_text

    errors = {
        field: _("%(field)s: %(value)s is outside 1–5.") % {"field": label, "value": value}
        for field, label, value in (
            ("rating", _("Overall rating"), rating),
            ("usefulness", _("Usefulness"), usefulness),
        )
        if not 1 <= value <= 5
    }
    if errors:
        raise ValidationError(errors)

    reaction, _created = CourseReaction.objects.update_or_create(
        user=user,
        course=course,
        defaults={"rating": rating, "usefulness": usefulness, "comment": sanitize_text(comment)[:2000]},
    )
    return reaction
