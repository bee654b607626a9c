"""HR-only pages: find a person, export their personal data, erase it when they leave, and read
the audit trail. Every change is a POST with CSRF; exports and erasures are audited by the
services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from org.selectors import staff_visible_to
from privacy.forms import AuditFilterForm, EraseForm, StaffSearchForm
from privacy.selectors import audit_events_for_hr, staff_for_privacy, user_is_hr
from privacy.services import AlreadyErased, personal_data_erase, personal_data_export


def _hr_only(request: HttpRequest) -> None:
    if not user_is_hr(request.user):
        raise PermissionDenied


def _profile_or_404(request: HttpRequest, profile_id: int):
    return get_object_or_404(staff_visible_to(request.user).select_related("user", "site", "post"), pk=profile_id)


@login_required
@require_GET
def privacy_home_view(request: HttpRequest) -> HttpResponse:
    _hr_only(request)
    form = StaffSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    staff = staff_for_privacy(user=request.user, query=query) if query else []
    return render(request, "privacy/home.html", {"form": form, "staff": staff, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def staff_privacy_view(request: HttpRequest, profile_id: int) -> HttpResponse:
    _hr_only(request)
    profile = _profile_or_404(request, profile_id)
    form = EraseForm(request.POST or None, employee_number=profile.employee_number)
    if request.method == "POST" and form.is_valid():
        try:
            personal_data_erase(actor=request.user, profile=profile, left_at=form.cleaned_data["left_at"])
        except AlreadyErased:
            messages.error(request, _("This person's data was already erased."))
        else:
            messages.success(request, _("Personal data erased. The login is deactivated."))
        return redirect("privacy:staff", profile_id=profile.pk)
    return render(request, "privacy/staff.html", {"profile": profile, "erase_form": form})


@login_required
@require_POST
def staff_export_view(request: HttpRequest, profile_id: int) -> HttpResponse:
    _hr_only(request)
    profile = _profile_or_404(request, profile_id)
    archive = personal_data_export(actor=request.user, profile=profile)
    filename = f"personal-data-{profile.pk}-{timezone.localdate():%Y%m%d}.zip"
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def audit_log_view(request: HttpRequest) -> HttpResponse:
    _hr_only(request)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events_for_hr(
        action=filters.get("action", ""), subject_employee_number=filters.get("employee_number", "")
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "privacy/audit_log.html", {"form": form, "page": page})
