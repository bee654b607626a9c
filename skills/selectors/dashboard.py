"""The manager's dashboard: team skill matrix, onboarding compliance per site, follow-ups due and
overdue, promotions waiting. Every section is one or two queries over the viewer's scope, so the
page costs the same number of queries for a team of five or a company of ten thousand; the
matrix is paginated, the summaries are aggregates."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from courses.models import CourseEnrolment, ProgrammeAssignment
from org.models import Post, Role, Site, StaffProfile
from org.selectors import sites_visible_to
from skills.charts import Radar, proficiency_level, radar_chart
from skills.engine import PersonLevel, levels_evaluate
from skills.framework_cache import competencies_all, competencies_of_post
from skills.models import (
    Competency,
    CompetencyArea,
    Evidence,
    FollowUp,
    FollowUpStatus,
    PromotionRecommendation,
    PromotionStatus,
)
from skills.selectors.people import managed_staff

FOLLOW_UP_HORIZON_DAYS = 14
LIST_LIMIT = 50


@dataclass
class Filters:
    site_id: int | None = None
    post_id: int | None = None
    q: str = ""

    @classmethod
    def parse(cls, data) -> "Filters":
        def as_id(name: str) -> int | None:
            value = (data.get(name) or "").strip()
            return int(value) if value.isdigit() else None

        return cls(site_id=as_id("site"), post_id=as_id("post"), q=(data.get("q") or "").strip()[:50])

    def as_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in (("site", self.site_id), ("post", self.post_id), ("q", self.q)) if v}

    @property
    def querystring(self) -> str:
        return urlencode(self.as_query())


def scoped_staff(*, viewer: AbstractBaseUser, filters: Filters) -> QuerySet[StaffProfile]:
    """The viewer's scope narrowed by the filters. A site id outside the scope just narrows to
    nobody: filters can only ever remove people from the scope, never add them."""
    staff = managed_staff(viewer)
    if filters.site_id:
        staff = staff.filter(site_id=filters.site_id)
    if filters.post_id:
        staff = staff.filter(post_id=filters.post_id)
    if filters.q:
        staff = staff.filter(Q(name__icontains=filters.q) | Q(employee_number__icontains=filters.q))
    return staff


def matrix_competencies(*, post_id: int | None) -> list[Competency]:
    """Columns: the filtered post's ladder competencies, else every competency."""
    if post_id:
        columns = competencies_of_post(post_id)
        if columns:
            return columns
    return competencies_all()


@dataclass
class MatrixCell:
    percent: float | None

    @property
    def level(self) -> int:
        return proficiency_level(self.percent)


@dataclass
class MatrixRow:
    profile: StaffProfile
    level: PersonLevel
    cells: list[MatrixCell]


def matrix_cells(*, user_ids: list[int] | QuerySet, competencies: list[Competency]) -> dict[tuple[int, int], float]:
    """Average evidence percentage per (person, competency) over entries in force. One query."""
    rows = (
        Evidence.objects.active()
        .filter(user_id__in=user_ids, competency_id__in=[c.pk for c in competencies], percent__isnull=False)
        .values_list("user_id", "competency_id")
        .annotate(avg=Avg("percent"))
    )
    return {(user_id, competency_id): float(avg) for user_id, competency_id, avg in rows}


@dataclass
class PersonCard:
    """One person on a phone: their level, what the next level still needs, and what is overdue."""

    profile: StaffProfile
    level: PersonLevel
    overdue: list[str] = field(default_factory=list)  # titles of overdue courses and programmes

    @property
    def gaps(self):
        return self.level.missing


def overdue_titles(*, user_ids: list[int], today: dt.date) -> dict[int, list[str]]:
    """Overdue courses and programmes of the people on one page, by person: two queries of titles
    only, bounded by the page's size."""
    titles: dict[int, list[str]] = {user_id: [] for user_id in user_ids}
    courses = (
        late_enrolments_query(user_ids=user_ids, today=today)
        .order_by("due_date", "id")
        .values_list("user_id", "course__title")
    )
    programmes = (
        ProgrammeAssignment.objects.filter(user_id__in=user_ids, completed_at__isnull=True, due_date__lt=today)
        .order_by("due_date", "id")
        .values_list("user_id", "programme__name")
    )
    for user_id, title in [*programmes, *courses]:
        titles[user_id].append(title)
    return titles


@dataclass
class TeamCompetency:
    competency: Competency
    average: float | None
    people: int

    @property
    def level(self) -> int:
        return proficiency_level(self.average)


@dataclass
class TeamArea:
    """A competency group (CompetencyArea) for the whole scope: each competency's average
    evidence percentage and how many people have evidence on it."""

    area: CompetencyArea
    competencies: list[TeamCompetency]

    @property
    def average(self) -> float | None:
        values = [c.average for c in self.competencies if c.average is not None]
        return sum(values) / len(values) if values else None

    @property
    def level(self) -> int:
        return proficiency_level(self.average)


def team_averages(*, user_ids, competencies: list[Competency]) -> dict[int, tuple[float, int]]:
    """Per competency: the average evidence percentage in force over the scope and how many
    people have evidence on it. One aggregate query over the scope, whatever its size."""
    rows = (
        Evidence.objects.active()
        .filter(user_id__in=user_ids, percent__isnull=False, competency_id__in=[c.pk for c in competencies])
        .order_by()
        .values_list("competency_id")
        .annotate(avg=Avg("percent"), people=Count("user_id", distinct=True))
    )
    return {competency_id: (float(avg), people) for competency_id, avg, people in rows}


def team_by_area(*, averages: dict[int, tuple[float, int]], competencies: list[Competency]) -> list[TeamArea]:
    """The team averages (team_averages) grouped by competency area, in the framework's order."""
    areas: dict[int, TeamArea] = {}
    for competency in sorted(competencies, key=lambda c: (c.area.sort_order, c.area.code, c.sort_order, c.code)):
        average, people = averages.get(competency.pk, (None, 0))
        team = areas.setdefault(competency.area_id, TeamArea(area=competency.area, competencies=[]))
        team.competencies.append(TeamCompetency(competency, average, people))
    return list(areas.values())


def team_radar(areas: list[TeamArea]) -> Radar | None:
    """The team's radar: one axis per competency group, or per competency when there are fewer
    than three groups."""
    if len(areas) >= 3:
        return radar_chart([(a.area.name, a.average) for a in areas])
    return radar_chart([(c.competency.name, c.average) for a in areas for c in a.competencies])


@dataclass
class SiteCompliance:
    site_id: int | None
    site_name: str
    staff: int
    late_people: int = 0
    late_courses: int = 0
    late_programmes: int = 0

    @property
    def on_time_percent(self) -> int:
        return 100 if not self.staff else round(100 * (self.staff - self.late_people) / self.staff)


@dataclass
class Dashboard:
    filters: Filters
    sites: list[Site]
    posts: list[Post]
    competencies: list[Competency]
    rows: list[MatrixRow]
    cards: list[PersonCard]
    team: list[TeamArea]
    summaries_as_of: dt.datetime | None  # when a large scope's team and compliance were counted (cached)
    radar: Radar | None
    page: Page
    compliance: list[SiteCompliance]
    late_enrolments: list[CourseEnrolment]
    follow_ups: list[FollowUp]
    follow_ups_due: int
    follow_ups_overdue: int
    promotions: list[PromotionRecommendation]
    today: dt.date = field(default_factory=timezone.localdate)


SMALL_SCOPE = 2000


def scope_user_ids(staff: QuerySet[StaffProfile]) -> list[int] | QuerySet:
    """The scope's user ids for the other queries to filter on. A team (up to SMALL_SCOPE people)
    is fetched once as a list, so PostgreSQL plans each query for exactly those people instead
    of guessing the size of the scope's OR-ed subquery; a whole company stays a subquery."""
    ids = list(staff.order_by().values_list("user_id", flat=True)[: SMALL_SCOPE + 1])
    return ids if len(ids) <= SMALL_SCOPE else staff.values("user_id")


def late_enrolments_query(*, user_ids, today: dt.date) -> QuerySet[CourseEnrolment]:
    return CourseEnrolment.objects.filter(user_id__in=user_ids, completed_at__isnull=True, due_date__lt=today)


def late_enrolments_first(*, user_ids, today: dt.date, limit: int = LIST_LIMIT) -> list[CourseEnrolment]:
    """The longest-overdue enrolments. Picked by id on the narrow table first, then fetched with
    their joins: sorting thousands of wide joined rows to keep fifty is what made this slow."""
    ids = list(
        late_enrolments_query(user_ids=user_ids, today=today)
        .order_by("due_date", "id")
        .values_list("id", flat=True)[:limit]
    )
    rows = CourseEnrolment.objects.filter(pk__in=ids).select_related("course", "user__staff_profile__site")
    return sorted(rows, key=lambda e: (e.due_date, e.pk))


def compliance_by_site(*, staff: QuerySet[StaffProfile], user_ids, today: dt.date) -> list[SiteCompliance]:
    """Who is late with onboarding, per site: three aggregate queries whatever the head count."""
    per_site = {
        row["site_id"]: SiteCompliance(site_id=row["site_id"], site_name=row["site__name"] or "—", staff=row["n"])
        for row in staff.order_by().values("site_id", "site__name").annotate(n=Count("id"))
    }
    late = (
        late_enrolments_query(user_ids=user_ids, today=today)
        .order_by()
        .values("user__staff_profile__site_id")
        .annotate(people=Count("user_id", distinct=True), courses=Count("id"))
    )
    for row in late:
        item = per_site.get(row["user__staff_profile__site_id"])
        if item:
            item.late_people, item.late_courses = row["people"], row["courses"]
    programmes = (
        ProgrammeAssignment.objects.filter(user_id__in=user_ids, completed_at__isnull=True, due_date__lt=today)
        .order_by()
        .values("user__staff_profile__site_id")
        .annotate(n=Count("id"))
    )
    for row in programmes:
        item = per_site.get(row["user__staff_profile__site_id"])
        if item:
            item.late_programmes = row["n"]
    return sorted(per_site.values(), key=lambda s: s.site_name)


def _summaries_cache_key(*, user_ids: QuerySet, competencies: list[Competency], today: dt.date) -> str:
    sql, params = user_ids.query.sql_with_params()
    scope = repr((sql, params, [c.pk for c in competencies], today.isoformat()))
    return "skills:scope-summaries:" + hashlib.sha256(scope.encode()).hexdigest()


def scope_summaries(
    *,
    staff: QuerySet[StaffProfile],
    user_ids,
    competencies: list[Competency],
    today: dt.date,
    recount: bool = False,
) -> tuple[dict[int, tuple[float, int]], list[SiteCompliance], dt.datetime | None]:
    """The scope's summaries: the team averages (team_averages), onboarding compliance by site
    (compliance_by_site) and, for a large scope, when they were counted. A team (a list of ids,
    see scope_user_ids) is always counted live. Over more than SMALL_SCOPE people (a whole
    company: aggregates over every person's evidence and enrolments, the page's slowest
    queries) they are kept in the cache for SKILLS_TEAM_CACHE_SECONDS and shown with their
    time: figures over thousands of people barely move in minutes. The page's lists (people,
    who is late, follow-ups, promotions) stay live. `recount` counts them again and refreshes
    the cache (whole_company_summaries_recount, every few minutes, so HR does not wait)."""
    if isinstance(user_ids, list):
        averages = team_averages(user_ids=user_ids, competencies=competencies)
        return averages, compliance_by_site(staff=staff, user_ids=user_ids, today=today), None
    key = _summaries_cache_key(user_ids=user_ids, competencies=competencies, today=today)
    cached = None if recount else cache.get(key)
    if cached is not None:
        return cached["averages"], cached["compliance"], cached["at"]
    at = timezone.now()
    averages = team_averages(user_ids=user_ids, competencies=competencies)
    compliance = compliance_by_site(staff=staff, user_ids=user_ids, today=today)
    cache.set(key, {"averages": averages, "compliance": compliance, "at": at}, settings.SKILLS_TEAM_CACHE_SECONDS)
    return averages, compliance, at


def whole_company_summaries_recount() -> bool:
    """Count the whole company's summaries again, as HR's unfiltered dashboard reads them, and
    refresh their cache entry; run more often than SKILLS_TEAM_CACHE_SECONDS so the entry never
    runs out and HR never waits for the count. False when there is no HR admin (nobody sees the
    whole company) or the company is small enough to be counted live."""
    hr = StaffProfile.objects.filter(role=Role.HR_ADMIN, user__is_active=True).select_related("user").first()
    if hr is None:
        return False
    staff = scoped_staff(viewer=hr.user, filters=Filters())
    user_ids = scope_user_ids(staff)
    if isinstance(user_ids, list):
        return False
    competencies = matrix_competencies(post_id=None)
    scope_summaries(staff=staff, user_ids=user_ids, competencies=competencies, today=timezone.localdate(), recount=True)
    return True


def open_follow_ups_query(*, user_ids, until: dt.date) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(trainee_id__in=user_ids, status=FollowUpStatus.SCHEDULED, due_date__lte=until)


def pending_promotions_query(*, user_ids) -> QuerySet[PromotionRecommendation]:
    return PromotionRecommendation.objects.filter(user_id__in=user_ids, status=PromotionStatus.PENDING)


def dashboard_build(
    *, viewer: AbstractBaseUser, filters: Filters, page_number: int | str = 1, per_page: int = 25
) -> Dashboard:
    today = timezone.localdate()
    staff = scoped_staff(viewer=viewer, filters=filters)
    user_ids = scope_user_ids(staff)
    competencies = matrix_competencies(post_id=filters.post_id)
    paginator = Paginator(staff.select_related("site", "post").order_by("site__code", "employee_number"), per_page)
    page = paginator.get_page(page_number)
    profiles = list(page.object_list)
    levels = levels_evaluate(profiles=profiles, today=today)
    cells = matrix_cells(user_ids=[p.user_id for p in profiles], competencies=competencies)
    rows = [
        MatrixRow(
            profile=p,
            level=levels[p.user_id],
            cells=[MatrixCell(cells.get((p.user_id, c.pk))) for c in competencies],
        )
        for p in profiles
    ]
    overdue = overdue_titles(user_ids=[p.user_id for p in profiles], today=today)
    cards = [PersonCard(profile=p, level=levels[p.user_id], overdue=overdue[p.user_id]) for p in profiles]
    averages, compliance, summaries_as_of = scope_summaries(
        staff=staff, user_ids=user_ids, competencies=competencies, today=today
    )
    team = team_by_area(averages=averages, competencies=competencies)
    horizon = today + dt.timedelta(days=FOLLOW_UP_HORIZON_DAYS)
    # Bounded by the horizon so the partial index on open follow-ups by date serves the count.
    follow_up_counts = FollowUp.objects.filter(
        trainee_id__in=user_ids, status=FollowUpStatus.SCHEDULED, due_date__lte=horizon
    ).aggregate(
        due=Count("id", filter=Q(due_date__gte=today)),
        overdue=Count("id", filter=Q(due_date__lt=today)),
    )
    return Dashboard(
        filters=filters,
        sites=list(sites_visible_to(viewer).order_by("code")),
        posts=list(Post.objects.all()),
        competencies=competencies,
        rows=rows,
        cards=cards,
        team=team,
        summaries_as_of=summaries_as_of,
        radar=team_radar(team),
        page=page,
        compliance=compliance,
        late_enrolments=late_enrolments_first(user_ids=user_ids, today=today),
        follow_ups=list(
            open_follow_ups_query(user_ids=user_ids, until=today + dt.timedelta(days=FOLLOW_UP_HORIZON_DAYS))
            .select_related("course", "trainee__staff_profile__site", "assignee")
            .order_by("due_date", "id")[:LIST_LIMIT]
        ),
        follow_ups_due=follow_up_counts["due"],
        follow_ups_overdue=follow_up_counts["overdue"],
        promotions=list(
            pending_promotions_query(user_ids=user_ids)
            .select_related("user__staff_profile__site", "post")
            .order_by("created_at")[:LIST_LIMIT]
        ),
        today=today,
    )
