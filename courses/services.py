"""Writes for assignments and progress. Course and programme completion happen exactly once: the
row is claimed with a conditional UPDATE, so racing requests or a task run twice cannot complete
(and so issue certificates or evidence for) the same thing twice."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Least
from django.utils import timezone
from wagtail.models import Page

from core.events import event_announce
from core.services import audit_record
from courses.events import CourseCompleted, ProgrammeCompleted
from courses.models import (
    CourseEnrolment,
    CoursePage,
    LessonPage,
    Programme,
    ProgrammeAssignment,
    StepCompletion,
    StepTime,
)
from courses.models.records import AssignmentSource, StepSource
from courses.selectors import course_of_step, course_required_step_ids


class StepNotInCourse(Exception):
    pass


@transaction.atomic
def programme_assign(
    *,
    programme: Programme,
    user: AbstractBaseUser,
    assigned_by: AbstractBaseUser | None = None,
    due_date: dt.date | None = None,
    source: str = AssignmentSource.MANUAL,
    start: dt.date | None = None,
) -> ProgrammeAssignment:
    """Assign a programme and enrol the user in each of its courses, each due on its programme day.
    Assigning again changes nothing (idempotent), so the demo and roster re-imports are safe."""
    start = start or timezone.localdate()
    due_date = due_date or start + dt.timedelta(days=programme.due_days)
    assignment, created = ProgrammeAssignment.objects.get_or_create(
        user=user,
        programme=programme,
        defaults={"assigned_by": assigned_by, "due_date": due_date, "source": source},
    )
    if not created:
        return assignment
    items = list(programme.programme_courses.select_related("course").all())
    for item in items:
        course_due = min(due_date, start + dt.timedelta(days=max(item.day, 1)))
        course_enrol(user=user, course=item.course, due_date=course_due, source=source, programme_assignment=assignment)
    if items:
        # Someone who already completed every course of the programme (enrolled one by one
        # before it was assigned) has completed the programme too, now.
        _programmes_complete_for(user_id=user.pk, course_id=items[0].course_id)
    return assignment


@transaction.atomic
def programme_assign_many(
    *,
    programme: Programme,
    users: list[AbstractBaseUser],
    assigned_by: AbstractBaseUser,
    due_date: dt.date | None = None,
) -> list[ProgrammeAssignment]:
    """Assign a programme by hand to several people at once (the manager's or HR's assign page).
    Returns only the new assignments: people who already have it keep their own due date, so a
    second click cannot silently move someone's deadline. Each new assignment is audited."""
    created = []
    existing = set(
        ProgrammeAssignment.objects.filter(programme=programme, user__in=users).values_list("user_id", flat=True)
    )
    for user in users:
        if user.pk in existing:
            continue
        assignment = programme_assign(
            programme=programme, user=user, assigned_by=assigned_by, due_date=due_date, source=AssignmentSource.MANUAL
        )
        audit_record(
            actor=assigned_by,
            action="programme_assigned",
            obj=assignment,
            subject_user=user,
            detail={"programme": programme.pk, "due_date": str(assignment.due_date)},
        )
        created.append(assignment)
    return created


def _current_enrolment(*, user: AbstractBaseUser, course: CoursePage, lock: bool = False) -> CourseEnrolment | None:
    enrolments = CourseEnrolment.objects.select_for_update() if lock else CourseEnrolment.objects
    return enrolments.filter(user=user, course=course).order_by("-cycle").first()


def course_enrol(
    *,
    user: AbstractBaseUser,
    course: CoursePage,
    due_date: dt.date | None = None,
    source: str = AssignmentSource.MANUAL,
    programme_assignment: ProgrammeAssignment | None = None,
) -> CourseEnrolment:
    """Enrol a person in a course, or return their current enrolment (its latest cycle, completed
    or not): enrolling again changes nothing. A refresher of a completed course starts a new cycle
    instead (course_refresher_assign)."""
    enrolment = _current_enrolment(user=user, course=course)
    created = False
    if enrolment is None:
        enrolment, created = CourseEnrolment.objects.get_or_create(
            user=user,
            course=course,
            cycle=1,
            defaults={"due_date": due_date, "source": source, "programme_assignment": programme_assignment},
        )
    if not created and programme_assignment and enrolment.programme_assignment_id is None:
        enrolment.programme_assignment = programme_assignment
        enrolment.due_date = enrolment.due_date or due_date
        enrolment.save(update_fields=["programme_assignment", "due_date"])
    return enrolment


@transaction.atomic
def course_refresher_assign(
    *,
    user: AbstractBaseUser,
    course: CoursePage,
    due_date: dt.date | None,
    source: str = AssignmentSource.REFRESHER,
    reason: str = "",
) -> CourseEnrolment:
    """Assign a course as a refresher (before a certificate expires), due on `due_date`.

    A refresher must be taken again even when it is the course the person already completed (a
    yearly safety course): a completed current enrolment is followed by the next cycle, a new
    enrolment at 0 % whose progress counts only the steps completed in it; the completed cycle
    stays as it was, with its completions and what was earned on it. An enrolment still open is
    the refresher already under way and is returned (given the due date if it had none), and with
    no enrolment the first cycle starts: assigning twice never starts two cycles.

    `source` says who asked for it (a certificate's expiry, a regulation's change, an operations
    outcome) and `reason` why, in words the person and their manager read; an open enrolment
    without a reason takes the new one, so the manager still sees why it matters now."""
    reason = reason[:300]
    current = _current_enrolment(user=user, course=course, lock=True)
    if current is None:
        enrolment = course_enrol(user=user, course=course, due_date=due_date, source=source)
        if reason and not enrolment.reason:
            enrolment.reason = reason
            enrolment.save(update_fields=["reason"])
        return enrolment
    if current.completed_at is None:
        changed = []
        if current.due_date is None and due_date is not None:
            current.due_date = due_date
            changed.append("due_date")
        if reason and not current.reason:
            current.reason = reason
            changed.append("reason")
        if changed:
            current.save(update_fields=changed)
        return current
    try:
        with transaction.atomic():
            return CourseEnrolment.objects.create(
                user=user, course=course, cycle=current.cycle + 1, due_date=due_date, source=source, reason=reason
            )
    except IntegrityError:  # a concurrent run started it first
        return CourseEnrolment.objects.get(user=user, course=course, cycle=current.cycle + 1)


def programmes_auto_assign(
    *, user: AbstractBaseUser, post_id: int | None, hire_date: dt.date | None
) -> list[ProgrammeAssignment]:
    """New staff get every active programme that targets their post, due from their hire date."""
    if post_id is None:
        return []
    start = hire_date or timezone.localdate()
    return [
        programme_assign(programme=programme, user=user, source=AssignmentSource.AUTO, start=start)
        for programme in Programme.objects.filter(is_active=True, auto_assign_posts__id=post_id).distinct()
    ]


def lesson_mark_done(*, user: AbstractBaseUser, lesson: LessonPage) -> StepCompletion:
    return step_complete(user=user, step=lesson, source=StepSource.LESSON)


@transaction.atomic
def step_complete(*, user: AbstractBaseUser, step: Page, source: str, score: Decimal | None = None) -> StepCompletion:
    """Record that `user` finished a step of a course (a lesson read, a quiz or scenario passed) in
    the current cycle of their enrolment, refresh that cycle's progress and complete it when its
    last required step is done. Completing a step twice in a cycle keeps the first record."""
    course = course_of_step(step=step)
    if not isinstance(course, CoursePage):
        raise StepNotInCourse(f"Page {step.pk} is not a step of a course.")
    # Lock the current enrolment first: the completion belongs to its cycle, and two steps finished
    # at the same moment would otherwise each count only their own completion and leave the course
    # stuck short of 100 %.
    enrolment = _current_enrolment(user=user, course=course, lock=True)
    if enrolment is None:
        enrolment = CourseEnrolment.objects.select_for_update().get(pk=course_enrol(user=user, course=course).pk)
    try:
        with transaction.atomic():
            completion, _ = StepCompletion.objects.get_or_create(
                user=user,
                step_id=step.pk,
                cycle=enrolment.cycle,
                defaults={"course": course, "source": source, "score": score},
            )
    except IntegrityError:  # a concurrent request recorded it first
        completion = StepCompletion.objects.get(user=user, step_id=step.pk, cycle=enrolment.cycle)
    enrolment.course = course
    enrolment_progress_refresh(enrolment=enrolment)
    return completion


def enrolment_progress_refresh(*, enrolment: CourseEnrolment) -> CourseEnrolment:
    """The share of the course's required steps done in this enrolment's cycle; completes it at 100 %.
    A completed cycle stays at 100 %: a step added to the course later does not reopen it (the
    holder's next cycle, a refresher, is where new steps count)."""
    if enrolment.completed_at is not None:
        return enrolment
    required = course_required_step_ids(course=enrolment.course)
    done = set(
        StepCompletion.objects.filter(
            user_id=enrolment.user_id, step_id__in=required, cycle=enrolment.cycle
        ).values_list("step_id", flat=True)
    )
    percent = 100 if not required else round(100 * len(done) / len(required))
    if percent != enrolment.progress_percent:
        CourseEnrolment.objects.filter(pk=enrolment.pk).update(progress_percent=percent)
        enrolment.progress_percent = percent
    if percent == 100:
        course_enrolment_complete(enrolment=enrolment)
    return enrolment


def course_enrolment_complete(*, enrolment: CourseEnrolment) -> bool:
    """Complete the enrolment once. Returns True only for the call that completed it; only that
    call runs the course_completed hooks (evidence, follow-ups, certificates)."""
    now = timezone.now()
    claimed = CourseEnrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(completed_at=now)
    if not claimed:
        return False
    enrolment.completed_at = now
    event_announce(
        CourseCompleted(
            enrolment_id=enrolment.pk, user_id=enrolment.user_id, course_id=enrolment.course_id, completed_at=now
        )
    )
    _programmes_complete_for(user_id=enrolment.user_id, course_id=enrolment.course_id)
    return True


def _programmes_complete_for(*, user_id: int, course_id: int) -> None:
    # Locked for the same reason as the enrolment in step_complete: two courses completed at once
    # must not each miss the other and leave the programme open.
    assignments = (
        ProgrammeAssignment.objects.filter(
            user_id=user_id, completed_at__isnull=True, programme__programme_courses__course_id=course_id
        )
        .select_related("programme", "user")
        .select_for_update(of=("self",))
    )
    for assignment in assignments:
        course_ids = set(assignment.programme.programme_courses.values_list("course_id", flat=True))
        completed = set(
            CourseEnrolment.objects.filter(
                user_id=user_id, course_id__in=course_ids, completed_at__isnull=False
            ).values_list("course_id", flat=True)
        )
        if course_ids <= completed:
            completed_at = timezone.now()
            claimed = ProgrammeAssignment.objects.filter(pk=assignment.pk, completed_at__isnull=True).update(
                completed_at=completed_at
            )
            if claimed:
                assignment.completed_at = completed_at
                event_announce(
                    ProgrammeCompleted(
                        assignment_id=assignment.pk,
                        user_id=user_id,
                        programme_id=assignment.programme_id,
                        completed_at=completed_at,
                    )
                )


# Caps on measured time. A lesson page reports active seconds about once a minute; a report of
# more than two minutes is a stale or forged one and counts as two. An attempt or run counts at
# most three hours (no quiz or scenario here runs longer), and one step at most four hours a day.
LESSON_REPORT_MAX_SECONDS = 120
ATTEMPT_MAX_SECONDS = 3 * 3600
STEP_DAY_MAX_SECONDS = 4 * 3600


def step_time_record(
    *, user: AbstractBaseUser, step: Page, kind: str, seconds: float, at: dt.datetime | None = None
) -> StepTime | None:
    """Add measured time to `user`'s row for `step` on the day of `at` (Asia/Shanghai). Lessons
    report active seconds (capped at LESSON_REPORT_MAX_SECONDS a report), quizzes and scenarios
    their start-to-finish time (capped at ATTEMPT_MAX_SECONDS); the day's total per step never
    passes STEP_DAY_MAX_SECONDS, however many reports arrive. Negative or zero time records
    nothing; a page that is not a course's step records nothing (returns None)."""
    cap = LESSON_REPORT_MAX_SECONDS if kind == StepSource.LESSON else ATTEMPT_MAX_SECONDS
    add = min(int(seconds), cap)
    if add <= 0:
        return None
    course = course_of_step(step=step)
    if not isinstance(course, CoursePage):
        return None
    day = timezone.localdate(at or timezone.now())
    with transaction.atomic():
        row, created = StepTime.objects.get_or_create(
            user=user,
            step_id=step.pk,
            day=day,
            defaults={"course": course, "kind": kind, "seconds": min(add, STEP_DAY_MAX_SECONDS)},
        )
        if not created:
            # One UPDATE with the sum in the database: two reports at once both count.
            StepTime.objects.filter(pk=row.pk).update(
                seconds=Least(F("seconds") + Value(add), Value(STEP_DAY_MAX_SECONDS))
            )
            row.refresh_from_db(fields=["seconds"])
    return row
