"""Reads for the privacy pages: who HR may act on, a person's data as one document, and the
audit trail."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from core.models import AuditEvent
from courses.models import CourseEnrolment, ProgrammeAssignment, StepCompletion
from org.models import Role, StaffProfile
from org.selectors import staff_visible_to, user_role


def user_is_hr(user: AbstractBaseUser) -> bool:
    return user_role(user) == Role.HR_ADMIN


def staff_for_privacy(*, user: AbstractBaseUser, query: str = "", limit: int = 50) -> QuerySet[StaffProfile]:
    """Staff an HR admin may export or erase, found by employee number or name. Uses the one
    visibility rule (staff_visible_to), so only HR admins, who see everyone, get rows here
    — the views refuse everyone else before calling it."""
    staff = staff_visible_to(user).select_related("site", "post")
    query = query.strip()
    if query:
        staff = staff.filter(Q(employee_number__iexact=query) | Q(name__icontains=query))
    return staff.order_by("employee_number")[:limit]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def personal_data_core(*, profile: StaffProfile) -> dict[str, Any]:
    """What the foundation apps hold about a person: profile, login, programmes, courses, steps.
    Other apps add their sections through the personal_data_export hook."""
    user = profile.user
    return {
        "profile": {
            "employee_number": profile.employee_number,
            "name": profile.name,
            "phone": profile.phone,
            "email": profile.email,
            "wecom_userid": profile.wecom_userid,
            "dingtalk_userid": profile.dingtalk_userid,
            "role": profile.role,
            "site": profile.site.name if profile.site else None,
            "department": profile.department.name if profile.department else None,
            "post": profile.post.name if profile.post else None,
            "hire_date": _plain(profile.hire_date),
            "post_since": _plain(profile.post_since),
            "manager": profile.manager.name if profile.manager else None,
            "mentor": profile.mentor.name if profile.mentor else None,
            "left_at": _plain(profile.left_at),
            "erased_at": _plain(profile.erased_at),
        },
        "account": {
            "username": user.get_username(),
            "date_joined": _plain(user.date_joined),
            "last_login": _plain(user.last_login),
            "is_active": user.is_active,
        },
        "programme_assignments": [
            {
                "programme": a.programme.name,
                "source": a.source,
                "assigned_at": _plain(a.assigned_at),
                "due_date": _plain(a.due_date),
                "completed_at": _plain(a.completed_at),
            }
            for a in ProgrammeAssignment.objects.filter(user=user).select_related("programme").order_by("assigned_at")
        ],
        "course_enrolments": [
            {
                "course": e.course.title,
                "cycle": e.cycle,
                "source": e.source,
                "assigned_at": _plain(e.assigned_at),
                "due_date": _plain(e.due_date),
                "progress_percent": e.progress_percent,
                "completed_at": _plain(e.completed_at),
            }
            for e in CourseEnrolment.objects.filter(user=user).select_related("course").order_by("assigned_at", "cycle")
        ],
        "step_completions": [
            {
                "course": c.course.title,
                "step": c.step.title,
                "cycle": c.cycle,
                "source": c.source,
                "score": _plain(c.score),
                "completed_at": _plain(c.completed_at),
            }
            for c in StepCompletion.objects.filter(user=user).select_related("course", "step").order_by("completed_at")
        ],
    }


def audit_events_for_hr(*, action: str = "", subject_employee_number: str = "") -> QuerySet[AuditEvent]:
    """The audit trail, newest first, with actor and subject joined in (one query per page)."""
    events = AuditEvent.objects.select_related("actor__staff_profile", "subject_user__staff_profile")
    if action:
        events = events.filter(action=action)
    if subject_employee_number:
        events = events.filter(subject_user__staff_profile__employee_number=subject_employee_number.strip())
    return events.order_by("-created_at", "-id")
