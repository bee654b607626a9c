"""Reminders about assigned training, sent through the notification service: a course coming due,
a course overdue, and each day of a programme (the onboarding plan) that has courses due.

Each goes to a person once per enrolment (or assignment and day) and step: the notification's key
decides, so the daily run, a second scheduler or a retried task sends nothing twice."""

import datetime as dt
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from courses.models import CourseEnrolment, ProgrammeAssignment, ProgrammeCourse
from courses.models.records import AssignmentSource
from courses.notices import COURSE_DUE_SOON, COURSE_OVERDUE, PROGRAMME_DAY
from notifications.services import NotificationRequest, notifications_send

# "Due soon" from this many days before the due date; one reminder, then one when overdue.
DUE_SOON_DAYS = 3
BATCH = 500


def _batches(requests: Iterable[NotificationRequest]) -> Iterator[list[NotificationRequest]]:
    batch: list[NotificationRequest] = []
    for request in requests:
        batch.append(request)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _send(requests: Iterable[NotificationRequest]) -> int:
    """A transaction per batch: its deliveries are queued together when it commits."""
    created = 0
    for batch in _batches(requests):
        with transaction.atomic():
            created += sum(made for _notification, made in notifications_send(requests=batch))
    return created


def course_due_reminders_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind each person of their current, unfinished courses once when due within
    DUE_SOON_DAYS and once more when overdue. Returns how many notifications each step made."""
    today = today or timezone.localdate()
    open_enrolments = (
        CourseEnrolment.objects.current()
        .filter(
            completed_at__isnull=True, due_date__isnull=False, due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
        )
        .order_by("pk")
    )
    link = reverse("courses:my_learning")

    def requests(overdue: bool):
        rows = open_enrolments.filter(**{"due_date__lt" if overdue else "due_date__gte": today}).values_list(
            "pk", "user_id", "due_date", "course__title"
        )
        for pk, user_id, due_date, title in rows.iterator(chunk_size=2000):
            yield NotificationRequest(
                user_id=user_id,
                key=f"course_enrolment:{pk}:{'overdue' if overdue else 'due_soon'}",
                notice=COURSE_OVERDUE if overdue else COURSE_DUE_SOON,
                params={"course": title, "due": due_date},
                url=link,
            )

    return {"due_soon": _send(requests(overdue=False)), "overdue": _send(requests(overdue=True))}


def programme_start(assignment: ProgrammeAssignment) -> dt.date:
    """Day 1 of a person's programme: the hire date for one given with the post (due `due_days`
    after it), the day it was assigned for one given by hand."""
    if assignment.source == AssignmentSource.AUTO and assignment.due_date:
        return assignment.due_date - dt.timedelta(days=assignment.programme.due_days)
    return timezone.localdate(assignment.assigned_at)


def programme_day_reminders_send(*, today: dt.date | None = None) -> int:
    """On each day of an unfinished programme that has courses due, tell the person which: "day 3
    of 入职培训 starts today". Once per assignment and day."""
    today = today or timezone.localdate()
    assignments = (
        ProgrammeAssignment.objects.filter(completed_at__isnull=True, due_date__gte=today - dt.timedelta(days=1))
        .select_related("programme")
        .prefetch_related(
            Prefetch(
                "programme__programme_courses",
                queryset=ProgrammeCourse.objects.select_related("course").only("programme_id", "day", "course__title"),
            )
        )
        .order_by("pk")
    )
    link = reverse("courses:my_learning")

    def requests():
        for assignment in assignments:
            day = (today - programme_start(assignment)).days + 1
            courses = [item.course.title for item in assignment.programme.programme_courses.all() if item.day == day]
            if day < 1 or not courses:
                continue
            yield NotificationRequest(
                user_id=assignment.user_id,
                key=f"programme_assignment:{assignment.pk}:day:{day}",
                notice=PROGRAMME_DAY,
                params={"day": day, "programme": assignment.programme.name, "courses": "、".join(courses)},
                url=link,
            )

    return _send(requests())
