"""/api/v1/learning/: a trainee's assignments and progress; another person's progress for those
allowed to see them (org.selectors.user_can_see_user, as on the pages)."""

import datetime as dt
from typing import Annotated

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Router, Schema
from ninja.errors import HttpError

from api.schemas import AUTH_ERRORS, ErrorOut
from courses.models import CourseEnrolment
from courses.selectors import enrolment_is_overdue, enrolments_current, my_learning
from org.selectors import user_can_see_user

router = Router(tags=["learning"])
# A primary key the database can hold (a bigger number would overflow the query, not miss).
DatabaseId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class EnrolmentOut(Schema):
    id: int
    course_id: int
    course_title: str
    course_url: str | None
    progress_percent: int
    due_date: dt.date | None
    completed_at: dt.datetime | None
    is_overdue: bool


class ProgrammeOut(Schema):
    id: int
    programme: str
    due_date: dt.date | None
    completed_at: dt.datetime | None
    percent: int
    is_overdue: bool
    courses: list[EnrolmentOut]


class MyLearningOut(Schema):
    programmes: list[ProgrammeOut]
    other_courses: list[EnrolmentOut]
    overdue_count: int


def enrolment_out(enrolment: CourseEnrolment, today: dt.date, request: HttpRequest) -> EnrolmentOut:
    return EnrolmentOut(
        id=enrolment.pk,
        course_id=enrolment.course_id,
        course_title=enrolment.course.title,
        course_url=enrolment.course.get_url(request),
        progress_percent=enrolment.progress_percent,
        due_date=enrolment.due_date,
        completed_at=enrolment.completed_at,
        is_overdue=enrolment_is_overdue(enrolment, today),
    )


@router.get("/me", response={200: MyLearningOut, **AUTH_ERRORS}, summary="My assignments and progress")
def my_learning_api(request: HttpRequest):
    learning = my_learning(user=request.user)
    today = learning.today
    return MyLearningOut(
        programmes=[
            ProgrammeOut(
                id=p.assignment.pk,
                programme=p.assignment.programme.name,
                due_date=p.assignment.due_date,
                completed_at=p.assignment.completed_at,
                percent=p.percent,
                is_overdue=p.is_overdue,
                courses=[enrolment_out(e, today, request) for e in p.enrolments],
            )
            for p in learning.programmes
        ],
        other_courses=[enrolment_out(e, today, request) for e in learning.other_enrolments],
        overdue_count=learning.overdue_count,
    )


@router.get(
    "/users/{user_id}/enrolments",
    response={200: list[EnrolmentOut], 404: ErrorOut, **AUTH_ERRORS},
    summary="A person's course progress (yourself, your team, or anyone for HR and trainers)",
)
def user_enrolments_api(request: HttpRequest, user_id: DatabaseId):
    # 404, not 403: whether someone outside your scope exists is not yours to know.
    if not user_can_see_user(request.user, user_id) or not get_user_model().objects.filter(pk=user_id).exists():
        raise HttpError(404, "Not found")
    today = timezone.localdate()
    return [enrolment_out(e, today, request) for e in enrolments_current(user_id=user_id)]
