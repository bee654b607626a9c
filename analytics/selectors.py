"""Trainer analytics: how a course or a programme is doing, in aggregates only.

For each course: completion and pass rates by month, how many people completed each step (and how
many reached it, so the drop-off shows), the median time per step, and the questions whose
facility (share answered fully right) moved between two periods. For a programme the same by
course. Nothing names a learner: a trainer sees what they need to improve their content and
nothing of a person.

Every figure is one aggregate query over the whole course (grouped by month, step or question), so
a page costs the same number of queries for ten learners or ten thousand.

Scope: a trainer sees the courses Wagtail lets them edit (a group's edit permission on a part of
the tree, or the pages they own where their group may only add); HR admins see every course. A
programme is in scope when every one of its courses is, since its figures cover all of them."""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from courses.models import CourseEnrolment, CoursePage, Programme, ProgrammeAssignment, StepCompletion, StepTime
from courses.structure import course_structure
from org.models import Role
from org.selectors import user_role
from quizzes.models import AttemptAnswer, AttemptStatus, Question, QuizAttempt, QuizPage

MONTHS_SHOWN = 12
RECENT_DAYS = 90
MIN_SAMPLE = 10  # answers in each period before a facility is compared at all
FACILITY_CHANGE = 0.15  # a move of at least 15 points of facility is reported


# --- scope ---------------------------------------------------------------------------------------


def analysable_courses(*, user: AbstractBaseUser) -> QuerySet[CoursePage]:
    """The courses whose figures `user` may see: HR every one, a trainer those Wagtail lets them
    edit, anyone else none."""
    role = user_role(user)
    if role == Role.HR_ADMIN:
        return CoursePage.objects.all()
    if role != Role.TRAINER:
        return CoursePage.objects.none()
    editable = PagePermissionPolicy(Page).instances_user_has_permission_for(user, "change")
    return CoursePage.objects.filter(pk__in=editable.values("pk"))


def analysable_course_of(*, user: AbstractBaseUser, pk: int) -> CoursePage | None:
    return analysable_courses(user=user).filter(pk=pk).first()


def analysable_programmes(*, user: AbstractBaseUser) -> QuerySet[Programme]:
    """Programmes every course of which is in the viewer's scope."""
    if user_role(user) == Role.HR_ADMIN:
        return Programme.objects.all()
    if user_role(user) != Role.TRAINER:
        return Programme.objects.none()
    outside = CoursePage.objects.exclude(pk__in=analysable_courses(user=user).values("pk"))
    return (
        Programme.objects.filter(programme_courses__isnull=False)
        .exclude(programme_courses__course__in=outside)
        .distinct()
    )


def analysable_programme_of(*, user: AbstractBaseUser, pk: int) -> Programme | None:
    return analysable_programmes(user=user).filter(pk=pk).first()


# --- figures -------------------------------------------------------------------------------------


@dataclass
class MonthFigures:
    month: dt.date
    assigned: int = 0
    completed: int = 0  # of those assigned in the month, completed by now
    graded: int = 0  # quiz attempts graded in the month
    passed: int = 0

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.assigned if self.assigned else None

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.graded if self.graded else None


@dataclass
class StepFigures:
    step_id: int
    title: str
    kind: str
    reached: int
    completed: int
    median_seconds: float | None = None  # of each person's measured time in the step

    @property
    def dropped(self) -> int:
        return max(self.reached - self.completed, 0)

    @property
    def completed_share(self) -> float | None:
        return self.completed / self.reached if self.reached else None


@dataclass
class FacilityChange:
    question_id: int
    stem: str
    before: float
    recent: float
    before_n: int
    recent_n: int

    @property
    def change(self) -> float:
        return self.recent - self.before


@dataclass
class CourseAnalytics:
    course: CoursePage
    enrolled: int
    completed: int
    months: list[MonthFigures]
    steps: list[StepFigures]
    facility_changes: list[FacilityChange]
    since: dt.date
    recent_days: int = RECENT_DAYS
    min_sample: int = MIN_SAMPLE

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.enrolled if self.enrolled else None


def _month_starts(*, today: dt.date, count: int = MONTHS_SHOWN) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def _as_month(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def _since(months: list[dt.date]) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(months[0], dt.time.min))


def completion_by_month(
    *, enrolments: QuerySet, today: dt.date, months: list[dt.date] | None = None
) -> dict[dt.date, MonthFigures]:
    """Per month of assignment: how many were assigned, and how many of those have completed."""
    months = months or _month_starts(today=today)
    figures = {m: MonthFigures(month=m) for m in months}
    rows = (
        enrolments.filter(assigned_at__gte=_since(months))
        .annotate(month=TruncMonth("assigned_at"))
        .order_by()
        .values("month")
        .annotate(assigned=Count("id"), completed=Count("id", filter=Q(completed_at__isnull=False)))
    )
    for row in rows:
        item = figures.get(_as_month(row["month"]))
        if item:
            item.assigned, item.completed = row["assigned"], row["completed"]
    return figures


def passes_by_month(*, quiz_ids, figures: dict[dt.date, MonthFigures]) -> None:
    """Per month the grade became final: graded attempts of the quizzes and how many passed."""
    since = _since(sorted(figures))
    rows = (
        QuizAttempt.objects.filter(quiz_id__in=quiz_ids, graded_at__gte=since, status=AttemptStatus.FINISHED)
        .annotate(month=TruncMonth("graded_at"))
        .order_by()
        .values("month")
        .annotate(graded=Count("id"), passed=Count("id", filter=Q(passed=True)))
    )
    for row in rows:
        item = figures.get(_as_month(row["month"]))
        if item:
            item.graded, item.passed = row["graded"], row["passed"]


def step_median_seconds(*, course_ids) -> dict[int, float]:
    """Median over people of each person's measured time in each step (courses.StepTime: lesson
    reading time, quiz and scenario start-to-finish), summed per person in the database. One
    query; the median is taken here because SQLite has no percentile function."""
    per_person: dict[int, list[int]] = defaultdict(list)
    rows = (
        StepTime.objects.filter(course_id__in=list(course_ids))
        .order_by()
        .values("step_id", "user_id")
        .annotate(total=Sum("seconds"))
        .values_list("step_id", "total")
    )
    for step_id, total in rows:
        per_person[step_id].append(total or 0)
    return {step_id: statistics.median(values) for step_id, values in per_person.items()}


def facility_changes(
    *,
    quiz_ids,
    today: dt.date,
    recent_days: int = RECENT_DAYS,
    min_sample: int = MIN_SAMPLE,
    threshold: float = FACILITY_CHANGE,
) -> list[FacilityChange]:
    """Questions whose facility moved by at least `threshold` between the last `recent_days` and
    before, each period with at least `min_sample` graded answers. Largest move first."""
    cut = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=recent_days), dt.time.min))
    recent, before = Q(attempt__graded_at__gte=cut), Q(attempt__graded_at__lt=cut)
    rows = (
        AttemptAnswer.objects.filter(
            attempt__quiz_id__in=quiz_ids, attempt__status=AttemptStatus.FINISHED, attempt__graded_at__isnull=False
        )
        .order_by()
        .values("question_id")
        .annotate(
            recent_n=Count("id", filter=recent),
            recent_ok=Count("id", filter=recent & Q(is_correct=True)),
            before_n=Count("id", filter=before),
            before_ok=Count("id", filter=before & Q(is_correct=True)),
        )
        .filter(recent_n__gte=min_sample, before_n__gte=min_sample)
    )
    changes = []
    for row in rows:
        before_f, recent_f = row["before_ok"] / row["before_n"], row["recent_ok"] / row["recent_n"]
        if abs(recent_f - before_f) >= threshold - 1e-9:
            changes.append(FacilityChange(row["question_id"], "", before_f, recent_f, row["before_n"], row["recent_n"]))
    stems = dict(Question.objects.filter(pk__in=[c.question_id for c in changes]).values_list("pk", "stem"))
    for change in changes:
        change.stem = stems.get(change.question_id, "")
    return sorted(changes, key=lambda c: (-abs(c.change), c.question_id))


def course_analytics(*, course: CoursePage, today: dt.date | None = None) -> CourseAnalytics:
    """Every figure of one course. Drop-off counts enrolment cycles: a step is reached by every
    cycle for the first step, else by the cycles that completed the step before it; completed
    by the cycles with a completion of the step."""
    today = today or timezone.localdate()
    enrolments = CourseEnrolment.objects.filter(course=course)
    totals = enrolments.aggregate(enrolled=Count("id"), completed=Count("id", filter=Q(completed_at__isnull=False)))
    figures = completion_by_month(enrolments=enrolments, today=today)
    structure = course_structure(course_path=course.path)
    steps = list(structure.steps) if structure else []
    quiz_ids = [s.id for s in steps if s.model == "quizzes.quizpage"]
    if not structure:  # an unpublished course: its quizzes as they stand in the tree
        quiz_ids = list(QuizPage.objects.child_of(course).values_list("pk", flat=True))
    passes_by_month(quiz_ids=quiz_ids, figures=figures)
    done = dict(
        StepCompletion.objects.filter(course=course)
        .order_by()
        .values("step_id")
        .annotate(n=Count("id"))
        .values_list("step_id", "n")
    )
    medians = step_median_seconds(course_ids=[course.pk])
    step_figures, reached = [], totals["enrolled"]
    for step in steps:
        completed = done.get(step.id, 0)
        step_figures.append(
            StepFigures(
                step_id=step.id,
                title=step.title,
                kind=step.kind_label,
                reached=reached,
                completed=completed,
                median_seconds=medians.get(step.id),
            )
        )
        reached = completed
    return CourseAnalytics(
        course=course,
        enrolled=totals["enrolled"],
        completed=totals["completed"],
        months=[figures[m] for m in sorted(figures)],
        steps=step_figures,
        facility_changes=facility_changes(quiz_ids=quiz_ids, today=today),
        since=min(figures),
    )


@dataclass
class ProgrammeCourseFigures:
    course_id: int
    title: str
    day: int
    enrolled: int
    completed: int
    median_days: float | None

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.enrolled if self.enrolled else None


@dataclass
class ProgrammeAnalytics:
    programme: Programme
    assigned: int
    completed: int
    months: list[MonthFigures]
    courses: list[ProgrammeCourseFigures]
    facility_changes: list[FacilityChange] = field(default_factory=list)
    since: dt.date | None = None
    recent_days: int = RECENT_DAYS
    min_sample: int = MIN_SAMPLE

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.assigned if self.assigned else None


def programme_analytics(*, programme: Programme, today: dt.date | None = None) -> ProgrammeAnalytics:
    """A programme's assignments completed by month of assignment, pass rates of its courses'
    quizzes, and per course (in programme order) how many of the programme's enrolments
    completed it and the median days from assignment to completion: the drop-off and time of a
    programme are per course, as a course's are per step."""
    today = today or timezone.localdate()
    assignments = ProgrammeAssignment.objects.filter(programme=programme)
    totals = assignments.aggregate(assigned=Count("id"), completed=Count("id", filter=Q(completed_at__isnull=False)))
    figures = completion_by_month(enrolments=assignments, today=today)
    links = list(programme.programme_courses.select_related("course").order_by("sort_order", "pk"))
    course_ids = [link.course_id for link in links]
    under_courses = Q(pk__in=[])
    for link in links:
        under_courses |= Q(path__startswith=link.course.path)
    quiz_ids = list(QuizPage.objects.filter(under_courses).values_list("pk", flat=True)) if links else []
    passes_by_month(quiz_ids=quiz_ids, figures=figures)
    enrolments = CourseEnrolment.objects.filter(programme_assignment__programme=programme, course_id__in=course_ids)
    counts = {
        row["course_id"]: row
        for row in enrolments.order_by()
        .values("course_id")
        .annotate(n=Count("id"), done=Count("id", filter=Q(completed_at__isnull=False)))
    }
    days: dict[int, list[float]] = defaultdict(list)
    for course_id, took in (
        enrolments.filter(completed_at__isnull=False)
        .annotate(took=F("completed_at") - F("assigned_at"))
        .values_list("course_id", "took")
    ):
        if took is not None and took.total_seconds() >= 0:
            days[course_id].append(took.total_seconds() / 86400)
    return ProgrammeAnalytics(
        programme=programme,
        assigned=totals["assigned"],
        completed=totals["completed"],
        months=[figures[m] for m in sorted(figures)],
        courses=[
            ProgrammeCourseFigures(
                course_id=link.course_id,
                title=link.course.title,
                day=link.day,
                enrolled=counts.get(link.course_id, {}).get("n", 0),
                completed=counts.get(link.course_id, {}).get("done", 0),
                median_days=statistics.median(days[link.course_id]) if days[link.course_id] else None,
            )
            for link in links
        ],
        facility_changes=facility_changes(quiz_ids=quiz_ids, today=today),
        since=min(figures),
    )


@dataclass
class CourseSummary:
    course: CoursePage
    enrolled: int
    completed: int

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.enrolled if self.enrolled else None


def analytics_index(*, user: AbstractBaseUser) -> tuple[list[CourseSummary], list[Programme]]:
    """The viewer's courses with their overall completion (one aggregate query) and programmes."""
    courses = list(analysable_courses(user=user).order_by("title"))
    counts = {
        row["course_id"]: row
        for row in CourseEnrolment.objects.filter(course_id__in=[c.pk for c in courses])
        .order_by()
        .values("course_id")
        .annotate(n=Count("id"), done=Count("id", filter=Q(completed_at__isnull=False)))
    }
    summaries = [
        CourseSummary(c, counts.get(c.pk, {}).get("n", 0), counts.get(c.pk, {}).get("done", 0)) for c in courses
    ]
    return summaries, list(analysable_programmes(user=user).order_by("name"))
