"""HR's side of first sign-in: printing onboarding slips (for a roster import, for everyone still
waiting, for one person) and resetting a person's password. HR admins only; a person is looked up
through org.selectors.staff_detail, so the scope rule applies as on the people pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import roster_import_awaiting_first_sign_in, staff_awaiting_first_sign_in
from accounts.services import ActivationError, password_reset_by_hr
from accounts.slips import activation_url, qr_data_uri, slips_issue_pdf
from org.models import Role, RosterImport, StaffProfile
from org.selectors import roster_imports_of, staff_detail, user_role

# One PDF holds at most this many slips (50 pages); more people are printed in further runs,
# since the people printed stop being "still waiting" only once they sign in.
SLIPS_MAX_DEFAULT = 400


def _require_hr(request: HttpRequest) -> None:
    if user_role(request.user) != Role.HR_ADMIN:
        raise PermissionDenied


def _person(request: HttpRequest, pk: int) -> StaffProfile:
    person = staff_detail(viewer=request.user, pk=pk)
    if person is None:
        raise Http404
    return person


def _pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _slips_max() -> int:
    return int(getattr(settings, "ACCOUNTS_SLIPS_MAX", SLIPS_MAX_DEFAULT))


@login_required
@require_POST
def roster_slips_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The slips of everyone a roster import added who has not signed in yet. Printing again
    issues new codes: the slips printed before stop working."""
    _require_hr(request)
    roster = get_object_or_404(roster_imports_of(request.user), pk=pk, status=RosterImport.Status.CONFIRMED)
    people = list(roster_import_awaiting_first_sign_in(roster_import=roster)[: _slips_max()])
    if not people:
        messages.info(request, _("Everyone this import added has signed in already."))
        return redirect("people:roster_preview", pk=roster.pk)
    content, _count = slips_issue_pdf(profiles=people, actor=request.user, roster_import_id=roster.pk)
    return _pdf_response(content, "activation-slips")


@login_required
@require_POST
def pending_slips_view(request: HttpRequest) -> HttpResponse:
    """The slips of everyone on the roster still waiting for a first sign-in."""
    _require_hr(request)
    people = list(staff_awaiting_first_sign_in()[: _slips_max()])
    if not people:
        messages.info(request, _("Everyone on the roster has signed in already."))
        return redirect("people:staff_list")
    content, _count = slips_issue_pdf(profiles=people, actor=request.user)
    return _pdf_response(content, "activation-slips")


@login_required
@require_POST
def person_slip_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's slip, while they have not signed in (after that, HR resets instead)."""
    _require_hr(request)
    person = _person(request, pk)
    if not staff_awaiting_first_sign_in().filter(pk=person.pk).exists():
        messages.info(request, _("%(name)s has a password already: reset it instead.") % {"name": person.name})
        return redirect("people:staff_detail", pk=person.pk)
    content, _count = slips_issue_pdf(profiles=[person], actor=request.user)
    return _pdf_response(content, f"activation-slip-{person.employee_number}")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def person_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Reset a person's password: asked once more (the old password stops working at once), then
    the new activation code is shown, once, for HR to hand over."""
    _require_hr(request)
    person = _person(request, pk)
    if request.method == "POST":
        try:
            issued = password_reset_by_hr(profile=person, actor=request.user)
        except ActivationError:
            messages.error(
                request, _("%(name)s cannot be reset: they have left or their login is off.") % {"name": person.name}
            )
            return redirect("people:staff_detail", pk=person.pk)
        return render(
            request,
            "accounts/hr/reset_done.html",
            {
                "person": person,
                "code": issued.display_code,
                "qr": qr_data_uri(issued.code),
                "expires": issued.activation.expires_at,
                "activation_url": activation_url(),
            },
        )
    return render(request, "accounts/hr/reset_confirm.html", {"person": person})
