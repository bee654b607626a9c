"""Reads for courses and progress. Each selector decides its own joins, so pages stay at a
constant number of queries however many courses, steps and people exist."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connections, router
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from wagtail.models import Page

from courses.models import (
    CourseEnrolment,
    CoursePage,
    Programme,
    ProgrammeAssignment,
    ProgrammeCourse,
    StepCompletion,
    StepTime,
)
from courses.structure import course_structure, course_structure_of_step, page_cached
from org.models import StaffProfile
from org.selectors import staff_managed_by


def course_of_step(*, step: Page) -> CoursePage:
    """The course a step belongs to. A step's parent is always a course
    (CourseStepPage.parent_page_types): from the cached structures and pages (courses.structure),
    else one query, not a get_parent() and a .specific."""
    structure = course_structure_of_step(step=step)
    course = page_cached(pk=structure.course_id, model=CoursePage) if structure is not None else None
    return course or CoursePage.objects.filter(path=step.path[: -step.steplen]).first() or step.get_parent().specific


def course_required_step_ids(*, course: CoursePage) -> list[int]:
    """The live steps that count towards completing the course, in tree order (from the cached
    course structure)."""
    structure = course_structure(course_path=course.path)
    return structure.required_ids if structure is not None else []


def step_next(*, step: Page) -> Page | None:
    """The live step after this one in its course, if any (from the cached course structure)."""
    structure = course_structure_of_step(step=step)
    if structure is None:
        return None
    index = structure.index_of(step.pk)
    after = structure.steps[index + 1 :] if index is not None else ()
    return after[0].page() if after else None


@dataclass
class OutlineItem:
    step: Page
    is_required: bool
    is_done: bool
    kind_label: str = ""  # the step's page type as a trainee reads it: lesson, quiz, scenario…
    minutes: int | None = None


@dataclass
class CourseOutline:
    course: CoursePage
    items: list[OutlineItem]
    enrolment: CourseEnrolment | None
    resume: Page | None = None
    # The person's earlier cycles of the course (a refresher taken again), latest first: history.
    earlier: list[CourseEnrolment] = field(default_factory=list)

    @property
    def required_total(self) -> int:
        return sum(1 for item in self.items if item.is_required)

    @property
    def required_done(self) -> int:
        return sum(1 for item in self.items if item.is_required and item.is_done)

    @property
    def percent(self) -> int:
        total = self.required_total
        return 100 if total == 0 else round(100 * self.required_done / total)

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.is_done)

    @property
    def is_complete(self) -> bool:
        return bool(self.enrolment and self.enrolment.completed_at)

    @property
    def is_overdue(self) -> bool:
        return bool(self.enrolment) and enrolment_is_overdue(self.enrolment)


def course_outline(*, course: CoursePage, user: AbstractBaseUser | AnonymousUser) -> CourseOutline:
    """The steps of a course with what this user has done in their current cycle of it, and where
    to resume: the first required step not yet done, else the first step not done. The steps come
    from the cached course structure; this user's enrolment and completions take two queries."""
    structure = course_structure(course_path=course.path)
    steps = structure.steps if structure is not None else ()
    done_ids: set[int] = set()
    enrolment = None
    earlier: list[CourseEnrolment] = []
    if user.is_authenticated:
        cycles = list(CourseEnrolment.objects.filter(user=user, course=course).order_by("-cycle"))
        enrolment, earlier = (cycles[0], cycles[1:]) if cycles else (None, [])
        done_ids = set(
            StepCompletion.objects.filter(
                user=user, step_id__in=[s.id for s in steps], cycle=enrolment.cycle if enrolment else 1
            ).values_list("step_id", flat=True)
        )
    items = [
        OutlineItem(
            step=s.page(),
            is_required=s.is_required,
            is_done=s.id in done_ids,
            kind_label=s.kind_label,
            minutes=s.minutes,
        )
        for s in steps
    ]
    resume = next((i.step for i in items if i.is_required and not i.is_done), None) or next(
        (i.step for i in items if not i.is_done), None
    )
    return CourseOutline(course=course, items=items, enrolment=enrolment, resume=resume, earlier=earlier)


def cycle_started_at(*, user_id: int, step: Page) -> dt.datetime | None:
    """When the person's current cycle of the step's course began (its refresher was assigned), or
    None in the first cycle. What a step counts (a quiz's attempts and grade) starts afresh there:
    last year's two exam attempts do not use up this year's. One query."""
    current = (
        CourseEnrolment.objects.filter(user_id=user_id, course__path=step.path[: -step.steplen])
        .order_by("-cycle")
        .values_list("cycle", "assigned_at")
        .first()
    )
    return current[1] if current is not None and current[0] > 1 else None


def _step_done_in_current_cycle(*, user_id: int, step_id: int, course_id: int) -> bool:
    """Whether the person completed the step in their current cycle of the course (the latest
    enrolment's cycle, 1 before any): one indexed query. Written in SQL because it is on every
    step page, and the ORM's compilation of its subquery cost more CPU than the rest of the step's
    context (bench/request_cpu.py); the table names come from the models, the values are bound."""
    completion, enrolment = StepCompletion._meta.db_table, CourseEnrolment._meta.db_table
    sql = (
        f'SELECT 1 FROM "{completion}" WHERE "user_id" = %s AND "step_id" = %s AND "cycle" = COALESCE('  # noqa: S608  # nosec B608
        f'(SELECT "cycle" FROM "{enrolment}" WHERE "user_id" = %s AND "course_id" = %s ORDER BY "cycle" DESC LIMIT 1)'  # nosec B608
        ", 1) LIMIT 1"
    )
    with connections[router.db_for_read(StepCompletion)].cursor() as cursor:
        cursor.execute(sql, [user_id, step_id, user_id, course_id])
        return cursor.fetchone() is not None


def step_context(*, step: Page, user: AbstractBaseUser | AnonymousUser) -> dict:
    """Context for a step page: its course, neighbours and whether this user has done it in their
    current cycle of the course. The course and its steps come from the cached course structure:
    one query, for "done"."""
    structure = course_structure_of_step(step=step)
    steps = structure.steps if structure is not None else ()
    index = (structure.index_of(step.pk) if structure is not None else None) or 0
    # No structure only for a page outside the tree (a new page's preview): nothing done there.
    is_done = (
        user.is_authenticated
        and structure is not None
        and _step_done_in_current_cycle(user_id=user.pk, step_id=step.pk, course_id=structure.course_id)
    )
    return {
        "course": structure.course_page() if structure is not None else step.get_parent(),
        "step_index": index + 1,
        "step_count": len(steps),
        "previous_step": steps[index - 1].page() if index > 0 else None,
        "next_step": steps[index + 1].page() if index + 1 < len(steps) else None,
        "is_done": is_done,
    }


@dataclass
class ProgrammeProgress:
    assignment: ProgrammeAssignment
    enrolments: list[CourseEnrolment] = field(default_factory=list)

    @property
    def percent(self) -> int:
        if not self.enrolments:
            return 0
        return round(sum(e.progress_percent for e in self.enrolments) / len(self.enrolments))

    @property
    def is_overdue(self) -> bool:
        a = self.assignment
        return a.completed_at is None and a.due_date is not None and a.due_date < timezone.localdate()

    @property
    def next_enrolment(self) -> CourseEnrolment | None:
        """Where to carry on: the first course of the programme not yet completed."""
        return next((e for e in self.enrolments if e.completed_at is None), None)


@dataclass
class MyLearning:
    programmes: list[ProgrammeProgress]
    other_enrolments: list[CourseEnrolment]
    today: dt.date

    @property
    def overdue_count(self) -> int:
        all_enrolments = [e for p in self.programmes for e in p.enrolments] + self.other_enrolments
        return sum(1 for e in all_enrolments if e.completed_at is None and e.due_date and e.due_date < self.today)


def _current_cycles(enrolments: QuerySet[CourseEnrolment]) -> list[CourseEnrolment]:
    """Of every cycle of each course in `enrolments`, the current (latest) one, in the queryset's
    order, with `previous_completed_at`: when the cycle before it was completed (None in the first
    cycle). Worked out here rather than by the database: a person has a handful of rows, and the
    two subqueries (CourseEnrolmentQuerySet.current and the previous cycle) cost more CPU to
    compile than the whole page's other queries (bench/request_cpu.py, "my learning")."""
    rows = list(enrolments)
    by_course: dict[int, list[CourseEnrolment]] = {}
    for row in rows:
        by_course.setdefault(row.course_id, []).append(row)
    current = []
    for row in rows:
        cycles = sorted(by_course[row.course_id], key=lambda e: e.cycle)
        if row is cycles[-1]:
            row.previous_completed_at = cycles[-2].completed_at if len(cycles) > 1 else None
            current.append(row)
    return current


def enrolments_current(*, user_id: int) -> list[CourseEnrolment]:
    """The person's current cycle of each live course (with `previous_completed_at`), by due date
    then title: my learning and the API's enrolments. One query."""
    return _current_cycles(
        CourseEnrolment.objects.filter(user_id=user_id, course__live=True)
        .select_related("course")
        .order_by("due_date", "course__title")
    )


def my_learning(*, user: AbstractBaseUser) -> MyLearning:
    """A trainee's assigned programmes (courses in programme order) and other courses, with due
    dates and cached progress, each course in its current cycle (with `previous_completed_at`
    when an earlier cycle was completed). Three queries whatever the numbers."""
    enrolments = enrolments_current(user_id=user.pk)
    by_course = {e.course_id: e for e in enrolments}
    assignments = list(
        ProgrammeAssignment.objects.filter(user=user)
        .select_related("programme")
        .prefetch_related(
            Prefetch("programme__programme_courses", queryset=ProgrammeCourse.objects.order_by("sort_order"))
        )
        .order_by("completed_at", "due_date")
    )
    programmes = []
    seen: set[int] = set()
    for assignment in assignments:
        items = [
            by_course[pc.course_id] for pc in assignment.programme.programme_courses.all() if pc.course_id in by_course
        ]
        seen.update(e.course_id for e in items)
        programmes.append(ProgrammeProgress(assignment=assignment, enrolments=items))
    others = [e for e in enrolments if e.course_id not in seen]
    return MyLearning(programmes=programmes, other_enrolments=others, today=timezone.localdate())


def enrolment_is_overdue(enrolment: CourseEnrolment, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return enrolment.completed_at is None and enrolment.due_date is not None and enrolment.due_date < today


def assignable_staff(*, user: AbstractBaseUser) -> QuerySet[StaffProfile]:
    """Staff `user` may assign training to: HR admins everyone, managers their own scope
    (org.selectors.staff_managed_by), nobody else. People who have left are not offered."""
    return (
        staff_managed_by(user)
        .filter(left_at__isnull=True)
        .select_related("user", "site", "post")
        .order_by("site__code", "employee_number")
    )


def programmes_active() -> QuerySet[Programme]:
    return Programme.objects.filter(is_active=True).order_by("name")


def staff_learning_counted(staff: QuerySet[StaffProfile]) -> QuerySet[StaffProfile]:
    """Each person with `courses_enrolled` and `courses_completed` (courses, not cycles: a
    refresher taken again counts once), counted in the same query as the list (the people pages
    and their export)."""
    return staff.annotate(
        courses_enrolled=Count("user__course_enrolments__course", distinct=True),
        courses_completed=Count(
            "user__course_enrolments__course",
            filter=Q(user__course_enrolments__completed_at__isnull=False),
            distinct=True,
        ),
    )


@dataclass(frozen=True)
class NextCourse:
    """Where a person goes after finishing a course: the enrolment to carry on with and, when it
    comes from a programme, that programme's name."""

    enrolment: CourseEnrolment
    programme_name: str = ""

    @property
    def course(self) -> CoursePage:
        return self.enrolment.course


def course_next(*, user: AbstractBaseUser, course: CoursePage) -> NextCourse | None:
    """The course to take after `course`: first, the next unfinished course, in programme order,
    of a programme of the person's that contains `course` (wrapping round to an earlier one they
    skipped); then the first unfinished course of their other programmes, in the order "my
    learning" lists them; then their unfinished course due soonest (undated last). Only live
    courses in their current cycle count; None when nothing is left. Three queries."""
    open_enrolments = {
        e.course_id: e
        for e in CourseEnrolment.objects.current()
        .filter(user=user, course__live=True, completed_at__isnull=True)
        .exclude(course_id=course.pk)
        .select_related("course")
    }
    if not open_enrolments:
        return None
    assignments = list(
        ProgrammeAssignment.objects.filter(user=user)
        .select_related("programme")
        .prefetch_related(
            Prefetch("programme__programme_courses", queryset=ProgrammeCourse.objects.order_by("sort_order"))
        )
        .order_by("completed_at", "due_date", "pk")
    )
    in_order = [(a, [pc.course_id for pc in a.programme.programme_courses.all()]) for a in assignments]
    containing = [(a, ids) for a, ids in in_order if course.pk in ids]
    others = [(a, ids) for a, ids in in_order if course.pk not in ids]
    for assignment, ids in containing:
        position = ids.index(course.pk)
        for course_id in ids[position + 1 :] + ids[:position]:
            if course_id in open_enrolments:
                return NextCourse(open_enrolments[course_id], assignment.programme.name)
    for assignment, ids in others:
        for course_id in ids:
            if course_id in open_enrolments:
                return NextCourse(open_enrolments[course_id], assignment.programme.name)
    soonest = min(
        open_enrolments.values(),
        key=lambda e: (e.due_date is None, e.due_date or dt.date.max, e.course.title),
    )
    return NextCourse(soonest)


@dataclass(frozen=True)
class StepTimeSummary:
    seconds: int  # everyone's measured time in the step
    people: int  # how many people have any time in it

    @property
    def seconds_per_person(self) -> int:
        return self.seconds // self.people if self.people else 0


def step_time_seconds_by_step(
    *, course_ids, since: dt.date | None = None, until: dt.date | None = None
) -> dict[int, StepTimeSummary]:
    """Measured time per step of the given courses (lessons, quizzes and scenarios alike), over
    the days `since`..`until` inclusive when given: step id → total seconds and people. One
    query, summed in the database. Steps nobody spent time in are absent."""
    rows = StepTime.objects.filter(course_id__in=list(course_ids))
    if since is not None:
        rows = rows.filter(day__gte=since)
    if until is not None:
        rows = rows.filter(day__lte=until)
    return {
        row["step_id"]: StepTimeSummary(seconds=row["seconds"] or 0, people=row["people"])
        for row in rows.values("step_id").annotate(seconds=Sum("seconds"), people=Count("user_id", distinct=True))
    }
