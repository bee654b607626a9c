"""People pages for managers and HR admins, and the roster import for HR admins. Every read
goes through org.selectors (the scope rule); a person outside the viewer's scope is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.selectors import my_learning, staff_learning_counted
from org.models import Post, Role
from org.roster import RosterFileError, roster_plan, row_error_text
from org.roster.columns import LABELS
from org.roster.writing import roster_template_workbook
from org.selectors import (
    departments_visible_to,
    phones_masked_for,
    roster_imports_of,
    sites_visible_to,
    staff_detail,
    staff_export_rows,
    staff_list,
    user_role,
)
from org.services import (
    RosterImportError,
    roster_import_start,
    roster_import_upload,
    staff_detail_viewed,
    staff_export,
)
from people.forms import RosterUploadForm, StaffFilterForm

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_role(request: HttpRequest, *roles: str) -> str:
    role = user_role(request.user)
    if role not in roles:
        raise PermissionDenied
    return role


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def staff_list_view(request: HttpRequest) -> HttpResponse:
    role = _require_role(request, Role.MANAGER, Role.HR_ADMIN)
    form = StaffFilterForm(request.GET)
    filters = form.filters()
    staff = staff_list(viewer=request.user, **filters) if form.is_valid() else staff_list(viewer=request.user).none()
    staff = staff_learning_counted(staff)
    page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/staff_list.html",
        {
            "form": form,
            "page": page,
            "sites": sites_visible_to(request.user),
            "posts": Post.objects.all(),
            "departments": departments_visible_to(request.user),
            "mask_phones": phones_masked_for(request.user),
            "is_hr": role == Role.HR_ADMIN,
        },
    )


@login_required
@require_GET
def staff_export_view(request: HttpRequest) -> HttpResponse:
    _require_role(request, Role.MANAGER, Role.HR_ADMIN)
    form = StaffFilterForm(request.GET)
    filters = form.filters()
    rows = staff_learning_counted(staff_export_rows(viewer=request.user, **filters))
    if not form.is_valid():
        rows = rows.none()
    content = staff_export(actor=request.user, staff=rows, mask_phones=phones_masked_for(request.user), filters=filters)
    return _xlsx_response(content, f"staff-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@require_GET
def staff_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role(request, Role.MANAGER, Role.HR_ADMIN)
    person = staff_detail(viewer=request.user, pk=pk)
    if person is None:
        raise Http404
    staff_detail_viewed(actor=request.user, profile=person)
    return render(
        request,
        "people/staff_detail.html",
        {"person": person, "learning": my_learning(user=person.user), "mask_phones": phones_masked_for(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_upload_view(request: HttpRequest) -> HttpResponse:
    _require_role(request, Role.HR_ADMIN)
    form = RosterUploadForm()
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                roster = roster_import_upload(uploaded_by=request.user, data=upload.read(), filename=upload.name)
            except RosterFileError as error:
                form.add_error("file", error.message)
            else:
                return redirect("people:roster_preview", pk=roster.pk)
    recent = roster_imports_of(request.user)[:10]
    return render(request, "people/roster_upload.html", {"form": form, "recent": recent})


@login_required
@require_GET
def roster_preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Before confirming: what the import would do now. After: what it did."""
    _require_role(request, Role.HR_ADMIN)
    roster = get_object_or_404(roster_imports_of(request.user), pk=pk)
    context = {"roster": roster}
    if roster.status == roster.Status.CONFIRMED:
        result = roster.result
        rows = [
            {
                **row,
                "error_texts": [row_error_text(e) for e in row["errors"]],
                "change_labels": [str(LABELS[name]) for name in row.get("changes", [])],
            }
            for row in result["rows"]
            if row["action"] != "unchanged"
        ]
        context.update(counts=result["counts"], report_rows=rows)
    else:
        plan = roster_plan(rows=roster.rows)
        context.update(counts=plan.counts, plan=plan)
    return render(request, "people/roster_preview.html", context)


@login_required
@require_POST
def roster_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role(request, Role.HR_ADMIN)
    roster = get_object_or_404(roster_imports_of(request.user), pk=pk)
    try:
        roster = roster_import_start(roster_import=roster, actor=request.user)
    except RosterImportError:
        messages.info(request, _("This roster is already being imported, or has been."))
    else:
        if roster.status != roster.Status.CONFIRMED:
            return redirect("people:roster_preview", pk=roster.pk)
        counts = roster.result["counts"]
        messages.success(
            request,
            ngettext(
                "Roster imported: %(create)s added, %(update)s updated, %(unchanged)s unchanged, %(error)s row skipped.",
                "Roster imported: %(create)s added, %(update)s updated, %(unchanged)s unchanged, %(error)s rows skipped.",
                counts["error"],
            )
            % counts,
        )
    return redirect("people:roster_preview", pk=roster.pk)


@login_required
@require_GET
def roster_template_view(request: HttpRequest) -> HttpResponse:
    _require_role(request, Role.HR_ADMIN)
    return _xlsx_response(roster_template_workbook(), "roster-template.xlsx")
