"""Reads of the drills app: whose drills a person sees and runs, a drill's record with elapsed
times, and which sites are due or overdue for which drill."""

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from drills.models import (
    CorrectiveAction,
    Drill,
    DrillAttendance,
    DrillRequirement,
    DrillStatus,
    DrillTimelineEvent,
    DrillType,
    TimelineKind,
)
from org.models import Role, Site, StaffProfile
from org.selectors import sites_visible_to, user_role

# A requirement is "due" from this many days before its date, "overdue" after it.
DUE_SOON_DAYS = 30


def drills_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Drill]:
    """HR admins and trainers see every drill; a manager those of the sites in their scope; anyone
    the drills they lead or took part in."""
    role = user_role(user)
    if role is None and not user.is_authenticated:
        return Drill.objects.none()
    if role in (Role.HR_ADMIN, Role.TRAINER):
        return Drill.objects.all()
    own = Q(lead=user) | Q(pk__in=DrillAttendance.objects.filter(user=user).values("drill_id"))
    if role == Role.MANAGER:
        own |= Q(site__in=sites_visible_to(user))
    return Drill.objects.filter(own)


def drill_can_run(*, user: AbstractBaseUser, drill: Drill) -> bool:
    """Who records a drill: its lead, the managers of its site and HR admins."""
    if not user.is_authenticated:
        return False
    if user.pk == drill.lead_id:
        return True
    role = user_role(user)
    if role == Role.HR_ADMIN:
        return True
    return role == Role.MANAGER and sites_visible_to(user).filter(pk=drill.site_id).exists()


def user_may_plan_drills(user: AbstractBaseUser) -> bool:
    return user_role(user) in (Role.MANAGER, Role.HR_ADMIN)


def user_may_sign_in_to(*, user: AbstractBaseUser, drill: Drill) -> bool:
    """Staff of the drill's site (by their site or their department's), its lead and its site's
    managers; nobody who has left."""
    if user.pk == drill.lead_id:
        return True
    profile = StaffProfile.objects.filter(user=user, left_at__isnull=True).select_related("department").first()
    if profile is None:
        return False
    if profile.site_id == drill.site_id or (profile.department_id and profile.department.site_id == drill.site_id):
        return True
    return profile.role == Role.MANAGER and profile.managed_sites.filter(pk=drill.site_id).exists()


def drill_list(*, viewer: AbstractBaseUser, status: str = "") -> QuerySet[Drill]:
    """The drills page: the viewer's drills, newest plan first, with counts, in one query."""
    drills = (
        drills_visible_to(viewer)
        .select_related("site", "drill_type", "lead__staff_profile")
        .annotate(
            attendance_count=Count("attendances", distinct=True),
            open_action_count=Count("actions", filter=Q(actions__closed_at__isnull=True), distinct=True),
        )
        .order_by("-planned_on", "-id")
    )
    if status in DrillStatus.values:
        drills = drills.filter(status=status)
    return drills


def actions_open_for(*, user: AbstractBaseUser) -> QuerySet[CorrectiveAction]:
    """The open corrective actions a person owns (shown on the drills page)."""
    return (
        CorrectiveAction.objects.filter(owner=user, closed_at__isnull=True)
        .select_related("drill__site", "drill__drill_type")
        .order_by("due_on", "pk")
    )


def drill_detail(*, viewer: AbstractBaseUser, pk: int) -> Drill | None:
    return (
        drills_visible_to(viewer)
        .select_related("site", "drill_type", "lead__staff_profile", "scenario", "created_by__staff_profile")
        .filter(pk=pk)
        .first()
    )


def action_detail(*, viewer: AbstractBaseUser, pk: int) -> CorrectiveAction | None:
    """An action its owner, or anyone who sees its drill, may open."""
    action = (
        CorrectiveAction.objects.select_related("drill__site", "drill__drill_type", "owner__staff_profile", "finding")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        return None
    if action.owner_id == viewer.pk or drills_visible_to(viewer).filter(pk=action.drill_id).exists():
        return action
    return None


@dataclass(frozen=True)
class TimelineRow:
    event: DrillTimelineEvent
    elapsed: dt.timedelta | None  # since the alarm; None before it or without one

    @property
    def elapsed_text(self) -> str:
        """+m:ss (h:mm:ss past an hour); "−m:ss" for a moment before the alarm."""
        if self.elapsed is None:
            return ""
        seconds = int(self.elapsed.total_seconds())
        sign = "−" if seconds < 0 else "+"
        seconds = abs(seconds)
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"


@dataclass
class DrillRecord:
    drill: Drill
    attendances: list[DrillAttendance]
    timeline: list[TimelineRow]
    photos: list
    findings: list
    actions: list[CorrectiveAction]
    recorded_kinds: set[str] = field(default_factory=set)

    @property
    def milestones_left(self) -> list[str]:
        return [
            kind
            for kind in (TimelineKind.ALARM, TimelineKind.FIRST_RESPONSE, TimelineKind.EVACUATION_COMPLETE)
            if kind not in self.recorded_kinds
        ]


def drill_record(*, drill: Drill) -> DrillRecord:
    """Everything recorded of a drill, as the run page and the report show it, in a fixed handful
    of queries. Elapsed times count from the alarm."""
    attendances = list(
        drill.attendances.select_related("user__staff_profile__post", "assessed_by__staff_profile").order_by(
            "signed_in_at", "pk"
        )
    )
    events = list(drill.timeline.select_related("recorded_by__staff_profile"))
    alarm = next((event.occurred_at for event in events if event.kind == TimelineKind.ALARM), None)
    timeline = [TimelineRow(event, (event.occurred_at - alarm) if alarm else None) for event in events]
    return DrillRecord(
        drill=drill,
        attendances=attendances,
        timeline=timeline,
        photos=list(drill.photos.all()),
        findings=list(drill.findings.all()),
        actions=list(
            drill.actions.select_related("owner__staff_profile", "closed_by__staff_profile", "finding").order_by(
                "due_on", "pk"
            )
        ),
        recorded_kinds={event.kind for event in events},
    )


def site_people(*, site: Site) -> QuerySet[StaffProfile]:
    """Who may lead a drill at a site or own one of its actions: its current staff and managers."""
    return (
        StaffProfile.objects.filter(Q(site=site) | Q(managed_sites=site), left_at__isnull=True)
        .select_related("user")
        .distinct()
        .order_by("employee_number")
    )


def scenario_pages():
    """Live scenario pages a drill may link for preparation (scenarios.ScenarioPage, looked up by
    its content type: drills stand beside scenarios and do not import it)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    content_type = ContentType.objects.filter(app_label="scenarios", model="scenariopage").first()
    if content_type is None:
        return Page.objects.none()
    return Page.objects.live().filter(content_type=content_type).order_by("title")


class DueStatus:
    OK = "ok"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DrillDue:
    site: Site
    drill_type: DrillType
    interval_months: int
    last_held_on: dt.date | None
    due_on: dt.date  # the day the next drill is required by (today when none was ever held)
    status: str
    next_planned_on: dt.date | None

    @property
    def days_overdue(self) -> int:
        return max(0, (timezone.localdate() - self.due_on).days)


def drills_due(*, sites: QuerySet[Site], today: dt.date | None = None, only_attention: bool = False) -> list[DrillDue]:
    """For each site and each drill type its site type requires: the last drill held, when the
    next is due (last + interval; today when none was ever held) and whether it is overdue, due
    within DUE_SOON_DAYS, or fine; and the next drill already planned. Three queries whatever the
    number of sites."""
    today = today or timezone.localdate()
    sites = list(sites.filter(site_type__isnull=False).select_related("site_type").order_by("code"))
    if not sites:
        return []
    requirements: dict[int, list[DrillRequirement]] = {}
    for requirement in DrillRequirement.objects.filter(site_type__in={s.site_type_id for s in sites}).select_related(
        "drill_type"
    ):
        requirements.setdefault(requirement.site_type_id, []).append(requirement)
    held = {
        (row["site_id"], row["drill_type_id"]): (row["last"], row["planned"])
        for row in Drill.objects.filter(site__in=sites)
        .values("site_id", "drill_type_id")
        .annotate(
            last=Max("held_on", filter=Q(status=DrillStatus.CLOSED)),
            planned=Max("planned_on", filter=~Q(status=DrillStatus.CLOSED) & Q(planned_on__gte=today)),
        )
    }
    rows = []
    for site in sites:
        for requirement in sorted(
            requirements.get(site.site_type_id, []), key=lambda r: (r.drill_type.sort_order, r.drill_type.code)
        ):
            last, planned = held.get((site.pk, requirement.drill_type_id), (None, None))
            due_on = last + relativedelta(months=requirement.interval_months) if last else today
            if due_on < today or last is None:
                status = DueStatus.OVERDUE
            elif due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
                status = DueStatus.DUE
            else:
                status = DueStatus.OK
            if only_attention and status == DueStatus.OK:
                continue
            rows.append(
                DrillDue(site, requirement.drill_type, requirement.interval_months, last, due_on, status, planned)
            )
    return rows


def drills_due_for(*, viewer: AbstractBaseUser, today: dt.date | None = None) -> list[DrillDue]:
    """The overview: the sites in the viewer's scope (every site for HR admins)."""
    return drills_due(sites=sites_visible_to(viewer), today=today)


def drill_types() -> QuerySet[DrillType]:
    return DrillType.objects.order_by("sort_order", "code")
