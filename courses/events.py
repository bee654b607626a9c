"""Facts the courses app announces (core.events). Listeners: settings.LMS_EVENT_LISTENERS."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class CourseCompleted:
    """A person completed every required step of a course (announced once per enrolment)."""

    enrolment_id: int
    user_id: int
    course_id: int
    completed_at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class ProgrammeCompleted:
    """A person completed every course of a programme assigned to them (once per assignment)."""

    assignment_id: int
    user_id: int
    programme_id: int
    completed_at: dt.datetime
