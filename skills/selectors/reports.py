"""The per-course evaluation on four levels (Kirkpatrick): reaction (survey), learning (quiz and
scenario scores), behaviour (follow-up ratings over time), results (work figures before/after),
each by site and post, over the viewer's scope only. One aggregate query per level."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Avg, Count, QuerySet

from courses.models import CourseEnrolment, CoursePage
from org.models import StaffProfile
from skills.models import CourseReaction, Evidence, EvidenceKind, FigureMetric, FollowUpEvaluation, FollowUpFigure
from skills.selectors.people import managed_staff


@dataclass
class FigureChange:
    metric: str
    label: str
    before: float
    after: float
    count: int

    @property
    def change_percent(self) -> float | None:
        return round(100 * (self.after - self.before) / self.before, 1) if self.before else None


@dataclass
class ReportGroup:
    site: str
    post: str
    completed: int = 0
    reactions: int = 0
    reaction_rating: float | None = None
    usefulness: float | None = None
    learning_results: int = 0
    learning_percent: float | None = None
    behaviour: dict[int, tuple[float, int]] = field(default_factory=dict)  # months → (avg rating, n)
    results: list[FigureChange] = field(default_factory=list)

    @property
    def behaviour_items(self) -> list[tuple[int, tuple[float, int]]]:
        return sorted(self.behaviour.items())


@dataclass
class CourseReport:
    course: CoursePage
    groups: list[ReportGroup]
    months: list[int]


def reportable_courses() -> QuerySet[CoursePage]:
    """Courses a report can be asked for: the live ones, in the order of the page tree."""
    return CoursePage.objects.live().order_by("path")


def reportable_course_of(*, pk: int) -> CoursePage | None:
    """One live course; an unpublished or deleted course has no report."""
    return reportable_courses().filter(pk=pk).first()


def _key(row: dict, prefix: str) -> tuple[str, str]:
    return (row[f"{prefix}site__name"] or "—", row[f"{prefix}post__name"] or "—")


def course_report(*, course: CoursePage, viewer: AbstractBaseUser) -> CourseReport:
    staff: QuerySet[StaffProfile] = managed_staff(viewer)
    user_ids = staff.values("user_id")
    groups: dict[tuple[str, str], ReportGroup] = {}

    def group(key: tuple[str, str]) -> ReportGroup:
        return groups.setdefault(key, ReportGroup(site=key[0], post=key[1]))

    sp = "user__staff_profile__"
    for row in (
        CourseEnrolment.objects.filter(course=course, completed_at__isnull=False, user_id__in=user_ids)
        .values(f"{sp}site__name", f"{sp}post__name")
        .annotate(n=Count("user_id", distinct=True))  # people, not cycles: a refresher taken again counts once
        .order_by()
    ):
        group(_key(row, sp)).completed = row["n"]
    for row in (
        CourseReaction.objects.filter(course=course, user_id__in=user_ids)
        .values(f"{sp}site__name", f"{sp}post__name")
        .annotate(n=Count("id"), rating=Avg("rating"), useful=Avg("usefulness"))
        .order_by()
    ):
        g = group(_key(row, sp))
        g.reactions, g.reaction_rating, g.usefulness = row["n"], float(row["rating"]), float(row["useful"])
    for row in (
        Evidence.objects.active()
        .filter(
            course=course,
            kind__in=[EvidenceKind.QUIZ, EvidenceKind.SCENARIO],
            percent__isnull=False,
            user_id__in=user_ids,
        )
        .values(f"{sp}site__name", f"{sp}post__name")
        .annotate(n=Count("id"), avg=Avg("percent"))
        .order_by()
    ):
        g = group(_key(row, sp))
        g.learning_results, g.learning_percent = row["n"], float(row["avg"])
    tp = "follow_up__trainee__staff_profile__"
    months: set[int] = set()
    for row in (
        FollowUpEvaluation.objects.filter(follow_up__course=course, follow_up__trainee_id__in=user_ids)
        .values(f"{tp}site__name", f"{tp}post__name", "follow_up__months")
        .annotate(n=Count("id"), avg=Avg("behaviour_rating"))
        .order_by()
    ):
        months.add(row["follow_up__months"])
        group(_key(row, tp)).behaviour[row["follow_up__months"]] = (float(row["avg"]), row["n"])
    labels = dict(FigureMetric.choices)
    fp = "evaluation__follow_up__trainee__staff_profile__"
    changes: dict[tuple[str, str], list[FigureChange]] = defaultdict(list)
    for row in (
        FollowUpFigure.objects.filter(
            evaluation__follow_up__course=course, evaluation__follow_up__trainee_id__in=user_ids
        )
        .values(f"{fp}site__name", f"{fp}post__name", "metric")
        .annotate(n=Count("id"), before=Avg("before"), after=Avg("after"))
        .order_by("metric")
    ):
        changes[_key(row, fp)].append(
            FigureChange(
                row["metric"],
                str(labels.get(row["metric"], row["metric"])),
                float(row["before"]),
                float(row["after"]),
                row["n"],
            )
        )
    for key, items in changes.items():
        group(key).results = items
    return CourseReport(
        course=course, groups=sorted(groups.values(), key=lambda g: (g.site, g.post)), months=sorted(months)
    )
