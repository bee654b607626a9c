"""Trainer analytics pages: the trainer's courses and programmes, and the figures of one. Reads
only; which course a viewer may see is decided by analytics.selectors (out of scope is a 404)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from analytics.selectors import (
    analysable_course_of,
    analysable_programme_of,
    analytics_index,
    course_analytics,
    programme_analytics,
)
from org.models import Role
from org.selectors import user_role

ANALYSTS = (Role.TRAINER, Role.HR_ADMIN)


def _require_analyst(request: HttpRequest) -> None:
    if user_role(request.user) not in ANALYSTS:
        raise PermissionDenied


@login_required
@require_GET
def index_view(request: HttpRequest) -> HttpResponse:
    _require_analyst(request)
    courses, programmes = analytics_index(user=request.user)
    return render(request, "analytics/index.html", {"courses": courses, "programmes": programmes})


@login_required
@require_GET
def course_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_analyst(request)
    course = analysable_course_of(user=request.user, pk=pk)
    if course is None:
        raise Http404
    return render(request, "analytics/course.html", {"a": course_analytics(course=course)})


@login_required
@require_GET
def programme_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_analyst(request)
    programme = analysable_programme_of(user=request.user, pk=pk)
    if programme is None:
        raise Http404
    return render(request, "analytics/programme.html", {"a": programme_analytics(programme=programme)})
