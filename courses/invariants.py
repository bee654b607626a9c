"""The courses app's invariants (core.integrity; written down in docs/invariants.md): an enrolment's
progress and completion follow from the steps its holder completed, and a programme is complete
exactly when all its courses are."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.integrity import Violation, violation
from courses.models import CourseEnrolment, CoursePage, ProgrammeAssignment, ProgrammeCourse, StepCompletion
from courses.structure import course_structure


def _required_steps() -> tuple[dict[int, list[tuple[int, dt.datetime | None]]], dict[int, dt.datetime | None]]:
    """Per course id: its live required steps as (step id, first published at), and when the course
    itself was first published. One structure per course (from the shared cache; courses are few)
    and one query for the steps' publication dates."""
    steps: dict[int, list[int]] = {}
    course_published: dict[int, dt.datetime | None] = {}
    for course in CoursePage.objects.only("id", "path", "first_published_at"):
        structure = course_structure(course_path=course.path)
        steps[course.pk] = structure.required_ids if structure is not None else []
        course_published[course.pk] = course.first_published_at
    published = dict(
        Page.objects.filter(pk__in=[s for ids in steps.values() for s in ids]).values_list("pk", "first_published_at")
    )
    return {course_id: [(s, published.get(s)) for s in ids] for course_id, ids in steps.items()}, course_published


def _count(queryset) -> Coalesce:
    """A correlated count of `queryset` (already filtered on the outer row) as an integer."""
    counted = queryset.order_by().values("user_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def enrolments_match_their_steps() -> list[Violation]:
    """Open enrolment: its progress is the share (rounded percent) of the course's live required
    steps its holder completed, and it is not open when all of them are done. Completed enrolment:
    it shows 100 %, and every required step that was already published when it was completed was
    completed by then (a step added to the course later does not reopen anyone's completion), and
    it is not older than the course's first publication. A course without required steps has
    nothing to compare and is skipped."""
    invariant = "courses.enrolment_progress"
    required, course_published = _required_steps()
    all_required = [s for steps in required.values() for s, _published in steps]
    # Each cycle of a course (a refresher of a course already completed is the next cycle) counts
    # only its own completions.
    mine = StepCompletion.objects.filter(
        user_id=OuterRef("user_id"), course_id=OuterRef("course_id"), cycle=OuterRef("cycle"), step_id__in=all_required
    )
    rows = (
        CourseEnrolment.objects.annotate(
            done=_count(mine),
            done_by_completion=_count(mine.filter(completed_at__lte=OuterRef("completed_at"))),
        )
        .values_list("pk", "course_id", "progress_percent", "completed_at", "done", "done_by_completion")
        .order_by("pk")
    )
    found = []
    for pk, course_id, progress, completed_at, done, done_in_time in rows.iterator(chunk_size=2000):
        steps = required.get(course_id) or []
        if not steps:
            continue

        def report(message: str, pk=pk, course_id=course_id) -> None:
            found.append(violation(invariant, CourseEnrolment, pk, message, related=[(CoursePage, course_id)]))

        if completed_at is None:
            expected = round(100 * done / len(steps))
            if expected == 100:
                report(_("Every required step of the course is done, but the enrolment is not completed."))
            elif progress != expected:
                report(
                    _("Progress shows %(shown)s%% but %(done)s of %(total)s required steps are done (%(expected)s%%).")
                    % {"shown": progress, "done": done, "total": len(steps), "expected": expected}
                )
            continue
        if progress != 100:
            report(_("Completed, but progress shows %(shown)s%%.") % {"shown": progress})
        opened = course_published.get(course_id)
        if opened is not None and completed_at < opened:
            report(
                _("Completed on %(date)s, before the course was first published.")
                % {"date": timezone.localdate(completed_at)}
            )
            continue
        # Steps published after the completion cannot have been part of it; the holder's
        # completions of those (done - done_in_time at most) do not count either.
        # A step with no publication date (made live outside the publishing workflow) counts.
        due = sum(1 for _step, published in steps if published is None or published <= completed_at)
        if done_in_time < due:
            report(
                _("Completed on %(date)s with %(done)s of its %(total)s required steps done by then.")
                % {"date": timezone.localdate(completed_at), "done": done_in_time, "total": due}
            )
    return found


def programme_assignments_match_their_courses() -> list[Violation]:
    """A programme assignment is completed when every course of the programme is, and not before
    the last of them: an open assignment whose courses are all completed, or a completed one with a
    course its holder is enrolled in still open or completed later, breaks it. (A course added to
    the programme after someone completed it is not theirs to have done: they are not enrolled.)"""
    invariant = "courses.programme_completion"
    courses_of: dict[int, set[int]] = defaultdict(set)
    for programme_id, course_id in ProgrammeCourse.objects.values_list("programme_id", "course_id"):
        courses_of[programme_id].add(course_id)
    if not courses_of:
        return []
    assigned = ProgrammeAssignment.objects.values("user_id")
    # Per person and course, the first completion (None while no cycle is completed).
    enrolments: dict[tuple[int, int], dt.datetime | None] = {}
    for user_id, course_id, completed_at in CourseEnrolment.objects.filter(
        course_id__in={c for ids in courses_of.values() for c in ids}, user_id__in=assigned
    ).values_list("user_id", "course_id", "completed_at"):
        known = enrolments.get((user_id, course_id))
        if known is None or (completed_at is not None and completed_at < known):
            enrolments[(user_id, course_id)] = completed_at
    found = []
    for pk, user_id, programme_id, completed_at in ProgrammeAssignment.objects.values_list(
        "pk", "user_id", "programme_id", "completed_at"
    ).iterator(chunk_size=2000):
        course_ids = courses_of.get(programme_id, set())
        if not course_ids:
            continue
        mine = {c: enrolments[(user_id, c)] for c in course_ids if (user_id, c) in enrolments}
        if completed_at is None:
            if len(mine) == len(course_ids) and all(mine.values()):
                found.append(
                    violation(
                        invariant,
                        ProgrammeAssignment,
                        pk,
                        _("Every course of the programme is completed, but the programme is not."),
                    )
                )
            continue
        late = [c for c, done in mine.items() if done is None or done > completed_at]
        if late or not mine:
            found.append(
                violation(
                    invariant,
                    ProgrammeAssignment,
                    pk,
                    _("Completed on %(date)s while %(n)s of its %(total)s courses were not completed by then.")
                    % {
                        "date": timezone.localdate(completed_at),
                        "n": len(late) if mine else len(course_ids),
                        "total": len(course_ids),
                    },
                    related=[(CoursePage, c) for c in sorted(late)],
                )
            )
    return found
