"""Pages for certificates: the public verify page (and its JSON), a holder's own certificates,
and the team list managers, trainers and HR work from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from certificates import exports, services
from certificates.forms import RevokeForm, TeamFilterForm
from certificates.models import Certificate, LiveStatus, RenderStatus
from certificates.ratelimit import verify_rate_limit_retry_after
from certificates.selectors import (
    certificate_for_team,
    certificate_renewal,
    certificate_verification,
    certificates_of_user,
    certificates_visible_to,
)
from core.models import AuditEvent
from core.services import audit_record
from org.models import Role
from org.selectors import sites_visible_to, user_can_see_user, user_role

TEAM_ROLES = (Role.MANAGER, Role.HR_ADMIN, Role.TRAINER)
REVOKE_ROLES = (Role.TRAINER, Role.HR_ADMIN)
TEAM_PAGE_SIZE = 50


def _too_many(retry_after: int, *, json: bool) -> HttpResponse:
    if json:
        response = JsonResponse({"detail": "Too many requests"}, status=429)
    else:
        response = HttpResponse(_("Too many requests. Please try again later."), status=429)
    response["Retry-After"] = str(retry_after)
    return response


@require_GET
@never_cache
def verify_view(request: HttpRequest, code: str) -> HttpResponse:
    retry_after = verify_rate_limit_retry_after(request)
    if retry_after:
        return _too_many(retry_after, json=False)
    verification = certificate_verification(code=code)
    # A miss is a normal page with the same template, answered 404 so crawlers drop it.
    status = 200 if verification.found else 404
    response = render(request, "certificates/verify.html", {"verification": verification}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@never_cache
def verify_json_view(request: HttpRequest, code: str) -> JsonResponse:
    retry_after = verify_rate_limit_retry_after(request)
    if retry_after:
        return _too_many(retry_after, json=True)
    verification = certificate_verification(code=code)
    response = JsonResponse(verification.as_dict(), status=200 if verification.found else 404)
    response["Access-Control-Allow-Origin"] = "*"  # employers' systems may call it from anywhere
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def my_certificates_view(request: HttpRequest) -> HttpResponse:
    certificates = certificates_of_user(user=request.user)
    today = timezone.localdate()
    rows = []
    for certificate in certificates:
        status = certificate.live_status(today=today)
        rows.append((certificate, status, LiveStatus(status).label))
    return render(request, "certificates/my_certificates.html", {"rows": rows})


@login_required
@require_GET
def download_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A holder downloads their own certificate; managers, trainers and HR those of staff they
    may see (audited as a view of personal data). A revoked or withdrawn certificate's PDF is
    refused (410) with a page that says why and links to the public verify page."""
    certificate = get_object_or_404(Certificate.objects.select_related("user__staff_profile"), pk=pk)
    own = certificate.user_id == request.user.pk
    if not own and not (user_role(request.user) in TEAM_ROLES and user_can_see_user(request.user, certificate.user_id)):
        raise Http404
    profile = getattr(certificate.user, "staff_profile", None)
    erased_at = profile.erased_at if profile is not None else None
    live_status = certificate.live_status(erased=erased_at is not None)
    if live_status in (LiveStatus.REVOKED, LiveStatus.WITHDRAWN):
        # The PDF still says "valid" to whoever is shown it: it is no longer handed out, and the
        # verify page (the one truth about a certificate) is named instead.
        return render(
            request,
            "certificates/download_refused.html",
            {"certificate": certificate, "live_status": live_status, "erased_at": erased_at},
            status=410,
        )
    if certificate.status != RenderStatus.READY or not certificate.file:
        raise Http404
    if not own:
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.PERSONAL_VIEW,
            obj=certificate,
            subject_user=certificate.user,
            detail={"what": "certificate_download"},
        )
    filename = f"{certificate.achievement}-{certificate.holder_name}.pdf".replace("/", "-")
    return FileResponse(
        certificate.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )


def _team_context(request: HttpRequest):
    if user_role(request.user) not in TEAM_ROLES:
        raise PermissionDenied
    form = TeamFilterForm(request.GET or None, sites=sites_visible_to(request.user))
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "site_id": data["site"].pk if data["site"] else None,
            "post_id": data["post"].pk if data["post"] else None,
            "status": data["status"] or None,
        }
    certificates = certificates_visible_to(user=request.user, **filters)
    return form, filters, certificates


@login_required
def team_view(request: HttpRequest) -> HttpResponse:
    form, filters, certificates = _team_context(request)
    page = Paginator(certificates, TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for certificate in page.object_list:
        profile = certificate.user.staff_profile
        status = certificate.live_status(today=today, erased=profile.erased_at is not None)
        rows.append((certificate, profile, status, LiveStatus(status).label))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certificates/team.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


def _clean_filters(filters: dict) -> dict:
    return {key: value for key, value in filters.items() if value}


@login_required
@require_GET
def team_zip_view(request: HttpRequest) -> HttpResponse:
    _form, filters, certificates = _team_context(request)
    data = exports.certificates_zip_export(
        actor=request.user, certificates=certificates.iterator(), filters=_clean_filters(filters)
    )
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="certificates-{timezone.localdate():%Y%m%d}.zip"'
    return response


@login_required
@require_GET
def team_xlsx_view(request: HttpRequest) -> HttpResponse:
    _form, filters, certificates = _team_context(request)
    data = exports.certificates_xlsx_export(
        actor=request.user, certificates=certificates.iterator(), filters=_clean_filters(filters)
    )
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="certificates-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def _visible_certificate(request: HttpRequest, pk: int) -> Certificate:
    if user_role(request.user) not in TEAM_ROLES:
        raise PermissionDenied
    certificate = certificate_for_team(pk=pk)
    if certificate is None or not user_can_see_user(request.user, certificate.user_id):
        raise Http404
    return certificate


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _visible_certificate(request, pk)
    if certificate.user_id != request.user.pk:
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.PERSONAL_VIEW,
            obj=certificate,
            subject_user=certificate.user,
            detail={"what": "certificate_detail"},
        )
    profile = getattr(certificate.user, "staff_profile", None)
    erased = profile is not None and profile.erased_at is not None
    can_act = user_role(request.user) in REVOKE_ROLES
    live_status = certificate.live_status(erased=erased)
    return render(
        request,
        "certificates/detail.html",
        {
            "certificate": certificate,
            "live_status": live_status,
            "live_status_label": LiveStatus(live_status).label,
            "renewal": certificate_renewal(certificate=certificate),
            "can_act": can_act,
            "revoke_form": RevokeForm(),
        },
    )


@login_required
@require_POST
def revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Two steps, both POST: the reason, then a page saying what revoking does and asking once
    more; only the confirmed request revokes."""
    certificate = _visible_certificate(request, pk)
    if user_role(request.user) not in REVOKE_ROLES:
        raise PermissionDenied
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for revoking the certificate."))
        return redirect("certificates:detail", pk=pk)
    if not form.cleaned_data["confirmed"]:
        # Revocation cannot be undone: the first POST only shows what will happen and asks again.
        return render(request, "certificates/revoke_confirm.html", {"certificate": certificate, "form": form})
    try:
        services.certificate_revoke(certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"])
    except services.CertificateNotRevocable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The certificate is revoked."))
    return redirect("certificates:detail", pk=pk)


@login_required
@require_POST
def retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _visible_certificate(request, pk)
    if user_role(request.user) not in REVOKE_ROLES:
        raise PermissionDenied
    services.certificate_render_retry(certificate=certificate)
    messages.success(request, _("The certificate is queued to be prepared again."))
    return redirect("certificates:detail", pk=pk)


@login_required
@require_POST
def renew_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Trainers and HR renew a certificate by hand (e.g. after a refresher held in a classroom)."""
    certificate = _visible_certificate(request, pk)
    if user_role(request.user) not in REVOKE_ROLES:
        raise PermissionDenied
    try:
        renewal = services.certificate_renew(certificate=certificate)
    except services.CertificateNotRenewable as error:
        messages.error(request, str(error))
        return redirect("certificates:detail", pk=pk)
    messages.success(request, _("A renewed certificate is issued."))
    return redirect("certificates:detail", pk=renewal.pk)
