"""Writes of the drills app: define drill types and how often each kind of site needs them, plan
a drill, sign staff in by the lead's QR code, record the timeline, photos, findings and corrective
actions, assess each role, close the drill and its actions.

Attendance and assessments are announced (drills.events) so the skills app records them as
evidence; the listeners run inside the same transaction."""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.events import event_announce
from core.images import image_sanitise
from core.models import AuditEvent
from core.sanitize import sanitize_text
from core.services import audit_record
from drills.events import DrillAttended, DrillRole, DrillRoleAssessed
from drills.models import (
    CorrectiveAction,
    Drill,
    DrillAttendance,
    DrillFinding,
    DrillPhoto,
    DrillRequirement,
    DrillStatus,
    DrillTimelineEvent,
    DrillType,
    TimelineKind,
)
from drills.selectors import drill_can_run, user_may_sign_in_to
from drills.signin import CodeProblem, drill_signin_code_check
from org.models import Site, SiteType


class DrillSignInRefused(Exception):
    """A sign-in that does not count, with the reason (`code`) and a message for the person."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class DrillClosed(Exception):
    """A closed drill's record is final."""


def _open_drill(drill: Drill) -> Drill:
    locked = Drill.objects.select_for_update().get(pk=drill.pk)
    if locked.is_closed:
        raise DrillClosed(_("This drill is closed; its record can no longer change."))
    return locked


def _start(drill: Drill, at: dt.datetime) -> None:
    """A planned drill starts with its first sign-in or timeline entry."""
    if drill.status == DrillStatus.PLANNED:
        drill.status = DrillStatus.IN_PROGRESS
        drill.started_at = at
        drill.save(update_fields=["status", "started_at"])


@transaction.atomic
def drill_type_define(
    *, code: str, name: str, competency_code: str = "", description: str = "", sort_order: int = 0
) -> DrillType:
    drill_type, _created = DrillType.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "competency_code": competency_code,
            "description": description,
            "sort_order": sort_order,
        },
    )
    return drill_type


@transaction.atomic
def drill_requirement_set(*, site_type: SiteType, drill_type: DrillType, interval_months: int) -> DrillRequirement:
    """Sites of `site_type` hold a `drill_type` drill at least every `interval_months` months."""
    if not 1 <= interval_months <= 60:
        raise ValidationError({"interval_months": _("Between 1 and 60 months.")})
    requirement, _created = DrillRequirement.objects.update_or_create(
        site_type=site_type, drill_type=drill_type, defaults={"interval_months": interval_months}
    )
    return requirement


def lead_belongs_to_site(*, lead: AbstractBaseUser, site: Site) -> bool:
    """A drill's lead works at its site, or manages it."""
    profile = getattr(lead, "staff_profile", None)
    if profile is None or profile.has_left:
        return False
    return profile.site_id == site.pk or profile.managed_sites.filter(pk=site.pk).exists()


@transaction.atomic
def drill_plan(
    *,
    planner: AbstractBaseUser,
    site: Site,
    drill_type: DrillType,
    planned_on: dt.date,
    lead: AbstractBaseUser,
    scenario=None,
    plan: str = "",
) -> Drill:
    """Plan a drill at a site the planner oversees, led by someone who works at or manages it."""
    from org.selectors import sites_visible_to

    if not sites_visible_to(planner).filter(pk=site.pk).exists():
        raise PermissionDenied
    if not lead_belongs_to_site(lead=lead, site=site):
        raise ValidationError({"lead": _("The lead must work at or manage this site.")})
    return Drill.objects.create(
        site=site,
        drill_type=drill_type,
        planned_on=planned_on,
        lead=lead,
        scenario=scenario,
        plan=sanitize_text(plan)[:4000],
        created_by=planner,
    )


def drill_sign_in_refusal(
    *, drill: Drill, user: AbstractBaseUser, code: str, now: dt.datetime | None = None
) -> DrillSignInRefused | None:
    """Why `user` may not sign in to `drill` with `code` now, or None. A read: the sign-in page
    shows it before the person taps, and drill_sign_in checks it again under the lock."""
    check = drill_signin_code_check(drill_id=drill.pk, site_id=drill.site_id, code=code, at=now)
    if not check.ok:
        if check.problem == CodeProblem.EXPIRED:
            return DrillSignInRefused(
                check.problem, _("This code has expired. Scan the code on the lead's phone again.")
            )
        return DrillSignInRefused(
            check.problem, _("This code is not for this drill. Scan the code on the lead's phone.")
        )
    if drill.is_closed:
        return DrillSignInRefused("closed", _("This drill is closed; sign-in has ended."))
    if not user_may_sign_in_to(user=user, drill=drill):
        return DrillSignInRefused(
            "scope", _("Only staff of %(site)s can sign in to this drill.") % {"site": drill.site.name}
        )
    return None


@transaction.atomic
def drill_sign_in(
    *, drill: Drill, user: AbstractBaseUser, code: str, now: dt.datetime | None = None
) -> tuple[DrillAttendance, bool]:
    """Sign `user` in to `drill` with the code they scanned. Refused (DrillSignInRefused) when the
    code is older than its minute and the grace minute, belongs to another drill or site, the
    drill is closed, or the person is not staff of the drill's site. Signing in again changes
    nothing and answers the first sign-in (created False)."""
    now = now or timezone.now()
    drill = Drill.objects.select_for_update(of=("self",)).select_related("site", "drill_type").get(pk=drill.pk)
    refusal = drill_sign_in_refusal(drill=drill, user=user, code=code, now=now)
    if refusal is not None:
        raise refusal
    existing = DrillAttendance.objects.filter(drill=drill, user=user).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            attendance = DrillAttendance.objects.create(drill=drill, user=user, signed_in_at=now)
    except IntegrityError:  # signed in at the same moment from a second tab
        return DrillAttendance.objects.get(drill=drill, user=user), False
    _start(drill, now)
    event_announce(
        DrillAttended(
            attendance_id=attendance.pk,
            drill_id=drill.pk,
            user_id=user.pk,
            drill_type=drill.drill_type.name,
            site=drill.site.name,
            competency_code=drill.drill_type.competency_code,
            signed_in_at=now,
        )
    )
    return attendance, True


def _may_run(actor: AbstractBaseUser, drill: Drill) -> None:
    if not drill_can_run(user=actor, drill=drill):
        raise PermissionDenied


@transaction.atomic
def drill_timeline_record(
    *, drill: Drill, actor: AbstractBaseUser, kind: str, note: str = "", now: dt.datetime | None = None
) -> DrillTimelineEvent:
    """Record a moment of the drill as it happens (the lead taps a button). The alarm, the first
    response and the end of the evacuation are recorded once each, in that order; the first two
    need the alarm first, so elapsed times always count from it."""
    _may_run(actor, drill)
    drill = _open_drill(drill)
    now = now or timezone.now()
    if kind not in TimelineKind.values:
        raise ValidationError({"kind": _("Unknown timeline entry.")})
    recorded = set(drill.timeline.values_list("kind", flat=True))
    if kind != TimelineKind.OTHER and kind in recorded:
        raise ValidationError({"kind": _("This moment is already recorded.")})
    if kind in (TimelineKind.FIRST_RESPONSE, TimelineKind.EVACUATION_COMPLETE) and TimelineKind.ALARM not in recorded:
        raise ValidationError({"kind": _("Record the alarm first.")})
    _start(drill, now)
    return DrillTimelineEvent.objects.create(
        drill=drill, kind=kind, occurred_at=now, note=sanitize_text(note)[:200], recorded_by=actor
    )


@transaction.atomic
def drill_photo_add(*, drill: Drill, actor: AbstractBaseUser, upload, caption: str = "") -> DrillPhoto:
    """Store a photo of the drill resized and without its metadata (no GPS position, no phone
    model): core.images.image_sanitise. A file that is not a photo is refused (ValidationError)."""
    _may_run(actor, drill)
    drill = _open_drill(drill)
    clean = image_sanitise(upload)
    photo = DrillPhoto(drill=drill, caption=sanitize_text(caption)[:200], uploaded_by=actor)
    photo.image.save(clean.name, clean, save=False)
    photo.save()
    return photo


@transaction.atomic
def drill_finding_add(*, drill: Drill, actor: AbstractBaseUser, text: str) -> DrillFinding:
    _may_run(actor, drill)
    drill = _open_drill(drill)
    text = sanitize_text(text).strip()[:500]
    if not text:
        raise ValidationError({"text": _("Write what was found.")})
    return DrillFinding.objects.create(drill=drill, text=text, recorded_by=actor)


@transaction.atomic
def corrective_action_add(
    *,
    drill: Drill,
    actor: AbstractBaseUser,
    description: str,
    owner: AbstractBaseUser,
    due_on: dt.date,
    finding: DrillFinding | None = None,
) -> CorrectiveAction:
    """An action to put a finding right, owned by someone of the drill's site. Actions may be
    added after the drill is closed: the follow-up often comes later."""
    _may_run(actor, drill)
    description = sanitize_text(description).strip()[:500]
    if not description:
        raise ValidationError({"description": _("Say what must be done.")})
    if finding is not None and finding.drill_id != drill.pk:
        raise ValidationError({"finding": _("The finding belongs to another drill.")})
    if not lead_belongs_to_site(lead=owner, site=drill.site):
        raise ValidationError({"owner": _("The owner must work at or manage this site.")})
    return CorrectiveAction.objects.create(
        drill=drill, finding=finding, description=description, owner=owner, due_on=due_on
    )


def corrective_action_can_close(*, user: AbstractBaseUser, action: CorrectiveAction) -> bool:
    return user.pk == action.owner_id or drill_can_run(user=user, drill=action.drill)


@transaction.atomic
def corrective_action_close(
    *, action: CorrectiveAction, actor: AbstractBaseUser, note: str, now: dt.datetime | None = None
) -> CorrectiveAction:
    """Close an action with what was done. Final: a closed action is not reopened (a new action
    is added instead)."""
    action = CorrectiveAction.objects.select_for_update(of=("self",)).select_related("drill").get(pk=action.pk)
    if not corrective_action_can_close(user=actor, action=action):
        raise PermissionDenied
    if action.is_closed:
        raise ValidationError(_("This action is already closed."))
    note = sanitize_text(note).strip()[:500]
    if not note:
        raise ValidationError({"note": _("Say what was done.")})
    action.closed_at = now or timezone.now()
    action.closing_note = note
    action.closed_by = actor
    action.save(update_fields=["closed_at", "closing_note", "closed_by"])
    return action


@transaction.atomic
def drill_role_assess(
    *,
    attendance: DrillAttendance,
    actor: AbstractBaseUser,
    role: str,
    rating: int,
    note: str = "",
    now: dt.datetime | None = None,
) -> DrillAttendance:
    """The lead rates how a participant filled their role (1–5). The rating is a grade: it is
    audited, and it becomes evidence (a new rating replaces the earlier one's evidence). Allowed
    until the drill is closed."""
    drill = attendance.drill
    _may_run(actor, drill)
    drill = _open_drill(drill)
    if role not in DrillRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("A rating from 1 to 5.")})
    now = now or timezone.now()
    attendance = DrillAttendance.objects.select_for_update().get(pk=attendance.pk)
    before = {"role": attendance.role, "rating": attendance.rating}
    attendance.role = role
    attendance.rating = int(rating)
    attendance.assessment_note = sanitize_text(note).strip()[:500]
    attendance.assessed_at = now
    attendance.assessed_by = actor
    attendance.save(update_fields=["role", "rating", "assessment_note", "assessed_at", "assessed_by"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.GRADE_CHANGE,
        obj=attendance,
        subject_user=attendance.user,
        detail={"what": "drill_role_assessment", "before": before, "after": {"role": role, "rating": int(rating)}},
    )
    drill_type = drill.drill_type
    event_announce(
        DrillRoleAssessed(
            attendance_id=attendance.pk,
            drill_id=drill.pk,
            user_id=attendance.user_id,
            drill_type=drill_type.name,
            site=drill.site.name,
            competency_code=drill_type.competency_code,
            role=role,
            rating=int(rating),
            note=attendance.assessment_note,
            assessed_by_id=actor.pk,
            assessed_at=now,
        )
    )
    return attendance


@transaction.atomic
def drill_close(*, drill: Drill, actor: AbstractBaseUser, summary: str = "", now: dt.datetime | None = None) -> Drill:
    """Close the drill: its record (attendance, timeline, photos, findings, assessments) is final
    and it counts as held on the day it started towards the site's required frequency. Open
    corrective actions stay open and are tracked to closure. A drill nobody signed in to is not
    a drill held: it cannot be closed."""
    _may_run(actor, drill)
    drill = _open_drill(drill)
    if not drill.attendances.exists():
        raise ValidationError(_("Nobody has signed in to this drill yet."))
    now = now or timezone.now()
    drill.status = DrillStatus.CLOSED
    drill.closed_at = now
    drill.held_on = timezone.localdate(drill.started_at or now)
    drill.summary = sanitize_text(summary).strip()[:4000]
    drill.save(update_fields=["status", "closed_at", "held_on", "summary"])
    return drill
