"""学时 pages: the report for managers (their scope) and HR (everyone), each person's own hours,
and the background Excel export. Views parse, check the role and call one selector or service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courses.models.pages import SubjectArea
from hours.models import HoursExport
from hours.selectors import (
    GROUPINGS,
    HoursQuery,
    hours_exports_of,
    hours_of_person,
    hours_report,
    hours_report_allowed,
    hours_step_credits_of_person,
)
from hours.services import EXPORT_KEEP_DAYS, hours_export_open, hours_export_request


def _require_report(request: HttpRequest) -> None:
    if not hours_report_allowed(request.user):
        raise PermissionDenied


@login_required
@require_GET
def report_view(request: HttpRequest) -> HttpResponse:
    _require_report(request)
    query = HoursQuery.parse(request.GET)
    report = hours_report(viewer=request.user, query=query, page_number=request.GET.get("page", 1))
    return render(
        request,
        "hours/report.html",
        {"report": report, "groupings": GROUPINGS, "areas": SubjectArea.choices, "query": query},
    )


@login_required
@require_GET
def mine_view(request: HttpRequest) -> HttpResponse:
    """Anyone with a staff profile sees their own hours (no one else's: no id is read)."""
    profile = getattr(request.user, "staff_profile", None)
    if profile is None:
        raise Http404
    query = HoursQuery.parse(request.GET)
    overall, areas = hours_of_person(profile=profile, query=query)
    step_credits = hours_step_credits_of_person(profile=profile, query=query)
    return render(
        request,
        "hours/mine.html",
        {"overall": overall, "areas": areas, "step_credits": step_credits, "query": query},
    )


@login_required
@require_POST
def export_request_view(request: HttpRequest) -> HttpResponse:
    _require_report(request)
    hours_export_request(requester=request.user, query=HoursQuery.parse(request.POST))
    messages.success(request, _("Your export is being prepared. It will be ready to download here in a moment."))
    return redirect("hours:exports")


@login_required
@require_GET
def exports_view(request: HttpRequest) -> HttpResponse:
    _require_report(request)
    exports = list(hours_exports_of(request.user))
    return render(
        request,
        "hours/exports.html",
        {"exports": exports, "pending": any(e.is_pending for e in exports), "keep_days": EXPORT_KEEP_DAYS},
    )


@login_required
@require_GET
def export_download_view(request: HttpRequest, pk: int) -> FileResponse:
    """The requester downloads their ready export (audited); anyone else's is not found."""
    _require_report(request)
    export = HoursExport.objects.filter(pk=pk, requested_by=request.user, status=HoursExport.Status.READY).first()
    if export is None:
        raise Http404
    return FileResponse(
        hours_export_open(export=export, actor=request.user),
        as_attachment=True,
        filename=f"hours-{timezone.localtime(export.created_at):%Y%m%d-%H%M}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
