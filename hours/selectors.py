"""Reads for the 学时 (learning hours) report.

Credited hours: the stated hours (CoursePage.estimated_hours) of each course cycle completed in
the period; a refresher's cycle counts again in the period it is completed. A course with credit
hours on any of its steps (courses.CourseStepCredit) is credited step by step instead: each step
completion (courses.StepCompletion) in the period credits that step's hours, and the course's
completion credits nothing. A step completion is unique per person, step and cycle, so a step
credits at most once a cycle, and again in a refresher's cycle, as a whole course does; its
steps without credit hours credit nothing. Which courses are credited step by step is read from
the courses as they are now. Measured time: the
seconds recorded in courses.StepTime (lesson reading, quiz attempts, scenario runs) on days in
the period, shown beside the credited hours and never replacing them. Target: each post's yearly
hours (hours.HoursTarget), pro-rated by the days of the period the person held the post
(org.PostTenure) over the days of that year, so a person who changed post mid-year owes each
post's share.

Everything is summed in the database per group (person, department, site or post); the number of
queries does not depend on how many people are in scope. The person view is paginated."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from courses.models import CourseEnrolment, CourseStepCredit, StepCompletion, StepTime
from courses.models.pages import SubjectArea
from hours.models import HoursExport, HoursTarget
from org.models import Department, Post, PostTenure, Role, Site, StaffProfile
from org.selectors import staff_visible_to, user_role

GROUPINGS = ("person", "department", "site", "post")
PAGE_SIZE = 50
REPORT_ROLES = (Role.MANAGER, Role.HR_ADMIN)
ONE_DECIMAL = Decimal("0.1")
# The staff profile's field each grouping sums by, seen from the profile.
_GROUP_FIELD = {"person": "user_id", "department": "department_id", "site": "site_id", "post": "post_id"}


@dataclass(frozen=True)
class HoursQuery:
    """What the report is asked for: a period (inclusive dates, Asia/Shanghai), a grouping and
    optionally one subject area. The default is this calendar year, by site, all subjects."""

    since: dt.date
    until: dt.date
    by: str = "site"
    area: str = ""

    @classmethod
    def parse(cls, data, *, today: dt.date | None = None) -> "HoursQuery":
        today = today or timezone.localdate()
        since, until = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
        try:
            since = dt.date.fromisoformat(data.get("since") or "") if data.get("since") else since
            until = dt.date.fromisoformat(data.get("until") or "") if data.get("until") else until
        except ValueError:
            pass
        if until < since:
            since, until = until, since
        by = data.get("by") if data.get("by") in GROUPINGS else "site"
        area = data.get("area") if data.get("area") in SubjectArea.values else ""
        return cls(since=since, until=until, by=by, area=area)

    def as_query(self) -> dict[str, str]:
        return {"since": self.since.isoformat(), "until": self.until.isoformat(), "by": self.by, "area": self.area}

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.since, dt.time.min))

    @property
    def end(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time.min))


@dataclass
class HoursRow:
    key: int | None
    label: str
    staff: int = 0
    credited: Decimal = Decimal("0")
    measured_seconds: int = 0
    target: Decimal = Decimal("0")
    profile: StaffProfile | None = None

    @property
    def measured_hours(self) -> Decimal:
        return (Decimal(self.measured_seconds) / 3600).quantize(ONE_DECIMAL, ROUND_HALF_UP)

    @property
    def target_rounded(self) -> Decimal:
        return self.target.quantize(ONE_DECIMAL, ROUND_HALF_UP)

    @property
    def progress_percent(self) -> int | None:
        """Credited over target, in whole percent (may pass 100); None without a target."""
        if self.target <= 0:
            return None
        return int((self.credited * 100 / self.target).quantize(Decimal("1"), ROUND_HALF_UP))


@dataclass
class HoursReport:
    query: HoursQuery
    rows: list[HoursRow]
    total: HoursRow
    page: Page | None = None


def hours_staff(*, viewer: AbstractBaseUser, query: HoursQuery) -> QuerySet[StaffProfile]:
    """The people the viewer's report covers: their scope (org.selectors.staff_visible_to), less
    anyone who had left before the period began."""
    return staff_visible_to(viewer).filter(Q(left_at__isnull=True) | Q(left_at__gte=query.since))


def _year_days(year: int) -> int:
    return 366 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 365


def prorated_target(*, hours_per_year: Decimal, since: dt.date, until: dt.date) -> Decimal:
    """A yearly target's share for the days since..until (inclusive): in each calendar year,
    hours × days held that year / days in that year."""
    total = Decimal("0")
    year = since.year
    while year <= until.year:
        start, end = max(since, dt.date(year, 1, 1)), min(until, dt.date(year, 12, 31))
        if start <= end:
            total += hours_per_year * Decimal((end - start).days + 1) / Decimal(_year_days(year))
        year += 1
    return total


def _post_targets(*, area: str) -> dict[int, Decimal]:
    """Each post's yearly target: in one subject area, or overall (the overall target when the
    post has one, else the sum of its subject areas' targets)."""
    targets: dict[int, Decimal] = {}
    overall: dict[int, Decimal] = {}
    summed: dict[int, Decimal] = defaultdict(Decimal)
    for post_id, subject_area, hours in HoursTarget.objects.values_list("post_id", "subject_area", "hours_per_year"):
        if area:
            if subject_area == area:
                targets[post_id] = hours
        elif subject_area == "":
            overall[post_id] = hours
        else:
            summed[post_id] += hours
    if not area:
        targets = {**summed, **overall}
    return targets


def _sums(*, staff: QuerySet[StaffProfile], query: HoursQuery, group: str) -> dict:
    """Per group key: staff, credited hours, measured seconds and target, each summed in the
    database (five queries and one for the targets, whatever the number of people): credited
    hours are the course completions of courses without step credits plus the credited steps'
    completions."""
    profile_group = _GROUP_FIELD[group]
    user_group = f"user__staff_profile__{profile_group}" if group != "person" else "user_id"
    user_ids = staff.values("user_id")
    counts = dict(staff.order_by().values_list(profile_group).annotate(n=Count("pk")))
    completions = CourseEnrolment.objects.filter(
        user_id__in=user_ids, completed_at__gte=query.start, completed_at__lt=query.end
    )
    step_completions = StepCompletion.objects.filter(
        user_id__in=user_ids, completed_at__gte=query.start, completed_at__lt=query.end
    )
    times = StepTime.objects.filter(user_id__in=user_ids, day__gte=query.since, day__lte=query.until)
    if query.area:
        completions = completions.filter(course__subject_area=query.area)
        step_completions = step_completions.filter(course__subject_area=query.area)
        times = times.filter(course__subject_area=query.area)
    per_step = CourseStepCredit.objects.filter(course_id=OuterRef("course_id"))
    completions = completions.filter(~Exists(per_step))
    credited = defaultdict(Decimal)
    for key, hours in completions.order_by().values_list(user_group).annotate(h=Sum("course__estimated_hours")):
        credited[key] += hours
    # The join the filter makes is the one summed: only the credit row of the completed step.
    step_credits = step_completions.filter(course__step_credits__step_id=F("step_id"))
    for key, hours in (
        step_credits.order_by().values_list(user_group).annotate(h=Sum("course__step_credits__credit_hours"))
    ):
        credited[key] += hours
    measured = dict(times.order_by().values_list(user_group).annotate(s=Sum("seconds")))
    targets_by_post = _post_targets(area=query.area)
    target: dict = defaultdict(Decimal)
    tenure_group = f"profile__{profile_group}"
    tenures = (
        PostTenure.objects.filter(profile__in=staff.values("pk"), started_on__lte=query.until)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=query.since))
        .filter(post_id__in=list(targets_by_post))
        .order_by()
        .values_list(tenure_group, "post_id", "started_on", "ended_on")
        .annotate(n=Count("pk"))  # people sharing a post and dates are summed as one row
    )
    for key, post_id, started_on, ended_on, n in tenures:
        share = prorated_target(
            hours_per_year=targets_by_post[post_id],
            since=max(started_on, query.since),
            until=min(ended_on or query.until, query.until),
        )
        target[key] += share * n
    return {"staff": counts, "credited": credited, "measured": measured, "target": target}


def _row(key, label, sums, profile=None) -> HoursRow:
    return HoursRow(
        key=key,
        label=label,
        staff=sums["staff"].get(key, 0),
        credited=sums["credited"].get(key) or Decimal("0"),
        measured_seconds=sums["measured"].get(key) or 0,
        target=sums["target"].get(key, Decimal("0")),
        profile=profile,
    )


def hours_report(
    *, viewer: AbstractBaseUser, query: HoursQuery, page_number=1, page_size: int = PAGE_SIZE, with_total: bool = True
) -> HoursReport:
    """The 学时 report for the viewer's scope: one row per department, site or post (every group
    with people in scope), or per person (a page of PAGE_SIZE, by employee number), and the
    total for the whole scope."""
    staff = hours_staff(viewer=viewer, query=query)
    page = None
    if query.by == "person":
        paginator = Paginator(staff.select_related("site", "post", "department").order_by("employee_number"), page_size)
        page = paginator.get_page(page_number)
        people = list(page.object_list)
        sums = _sums(staff=staff.filter(pk__in=[p.pk for p in people]), query=query, group="person")
        rows = [_row(p.user_id, p.name, sums, profile=p) for p in people]
    else:
        sums = _sums(staff=staff, query=query, group=query.by)
        model = {"department": Department, "site": Site, "post": Post}[query.by]
        names = dict(model.objects.filter(pk__in=[k for k in sums["staff"] if k]).values_list("pk", "name"))
        rows = sorted(
            (_row(key, names.get(key, "—"), sums) for key in sums["staff"]),
            key=lambda row: (row.key is None, row.label),
        )
    if not with_total:
        parts = []
    elif query.by == "person":
        # The page holds some people only: the total is summed over the whole scope.
        total_sums = _sums(staff=staff, query=query, group="site")
        parts = [_row(key, "", total_sums) for key in total_sums["staff"]]
    else:
        parts = rows
    total = HoursRow(key=None, label="")
    for part in parts:
        total.staff += part.staff
        total.credited += part.credited
        total.measured_seconds += part.measured_seconds
        total.target += part.target
    return HoursReport(query=query, rows=rows, total=total, page=page)


def hours_of_person(*, profile: StaffProfile, query: HoursQuery) -> tuple[HoursRow, list[HoursRow]]:
    """One person's hours over the period: overall, and per subject area (areas with a target
    or with hours credited or measured)."""
    staff = StaffProfile.objects.filter(pk=profile.pk)
    every_area = HoursQuery(query.since, query.until, "person", "")
    overall = _row(profile.user_id, profile.name, _sums(staff=staff, query=every_area, group="person"), profile=profile)
    areas = []
    for value, label in SubjectArea.choices:
        sums = _sums(staff=staff, query=HoursQuery(query.since, query.until, "person", value), group="person")
        row = _row(profile.user_id, str(label), sums)
        if row.credited or row.measured_seconds or row.target:
            areas.append(row)
    return overall, areas


@dataclass(frozen=True)
class StepCreditRow:
    """A course credited step by step for one person over a period: how many of its credited
    steps they completed in the period, out of how many, and the hours those completions credit
    (a step completed again in a refresher's cycle credits again)."""

    course_id: int
    title: str
    steps_done: int
    steps_credited: int
    credited: Decimal


def hours_step_credits_of_person(*, profile: StaffProfile, query: HoursQuery) -> list[StepCreditRow]:
    """The courses credited step by step (courses.CourseStepCredit) in which the person completed
    a credited step in the period, by title. One query."""
    credited_steps = (
        CourseStepCredit.objects.filter(course_id=OuterRef("course_id"))
        .order_by()
        .values("course_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        StepCompletion.objects.filter(
            user_id=profile.user_id,
            completed_at__gte=query.start,
            completed_at__lt=query.end,
            course__step_credits__step_id=F("step_id"),
        )
        .order_by()
        .values("course_id", "course__title")
        .annotate(
            done=Count("step_id", distinct=True),
            hours=Sum("course__step_credits__credit_hours"),
            of=Subquery(credited_steps),
        )
        .order_by("course__title")
    )
    return [StepCreditRow(row["course_id"], row["course__title"], row["done"], row["of"], row["hours"]) for row in rows]


def hours_report_allowed(user: AbstractBaseUser) -> bool:
    return user_role(user) in REPORT_ROLES


def hours_exports_of(user: AbstractBaseUser) -> QuerySet[HoursExport]:
    return HoursExport.objects.filter(requested_by=user)[:10]
