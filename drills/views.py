"""Drill pages, phone first: the list (scoped), planning, the lead's run page (sign-in code,
timeline buttons, photos, findings, actions, assessments), closing, the staff's sign-in page,
the report PDF and the overview of sites due or overdue.

Who may do what: a drill is seen by HR admins and trainers, the managers of its site, its lead
and its participants; it is recorded by its lead, its site's managers and HR admins; outside
that a drill answers 404 (its existence is not told) and, seen but not recordable, 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from drills import services
from drills.forms import (
    ActionForm,
    AssessForm,
    ConfirmedNoteForm,
    DrillCloseForm,
    DrillPlanForm,
    FindingForm,
    PhotoForm,
    TimelineForm,
)
from drills.models import DrillAttendance, DrillPhoto, DrillStatus, TimelineKind
from drills.report import drill_report_pdf
from drills.selectors import (
    DueStatus,
    action_detail,
    actions_open_for,
    drill_can_run,
    drill_detail,
    drill_list,
    drill_record,
    drills_due_for,
    user_may_plan_drills,
)
from drills.signin import GRACE_WINDOWS, WINDOW_SECONDS, CodeProblem, drill_signin_code, seconds_to_next_code

LIST_LIMIT = 100


def _visible(request: HttpRequest, pk: int):
    drill = drill_detail(viewer=request.user, pk=pk)
    if drill is None:
        raise Http404
    return drill


def _runnable(request: HttpRequest, pk: int):
    drill = _visible(request, pk)
    if not drill_can_run(user=request.user, drill=drill):
        raise PermissionDenied
    return drill


def _planner(request: HttpRequest) -> None:
    if not user_may_plan_drills(request.user):
        raise PermissionDenied


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def drill_list_view(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    drills = list(drill_list(viewer=request.user, status=status)[:LIST_LIMIT])
    return render(
        request,
        "drills/list.html",
        {
            "drills": drills,
            "status": status,
            "statuses": DrillStatus.choices,
            "my_actions": list(actions_open_for(user=request.user)[:20]),
            "may_plan": user_may_plan_drills(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def drill_plan_view(request: HttpRequest) -> HttpResponse:
    _planner(request)
    form = DrillPlanForm(request.POST or None, planner=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            drill = services.drill_plan(
                planner=request.user,
                site=data["site"],
                drill_type=data["drill_type"],
                planned_on=data["planned_on"],
                lead=data["lead"].user,
                scenario=data["scenario"],
                plan=data["plan"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The drill is planned."))
            return redirect("drills:detail", pk=drill.pk)
    return render(request, "drills/plan.html", {"form": form})


@login_required
@require_GET
def drill_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    drill = _visible(request, pk)
    record = drill_record(drill=drill)
    can_run = drill_can_run(user=request.user, drill=drill)
    return render(
        request,
        "drills/detail.html",
        {
            "drill": drill,
            "record": record,
            "can_run": can_run and not drill.is_closed,
            "can_add_actions": can_run,
            "milestones": [(kind, TimelineKind(kind).label) for kind in record.milestones_left],
            "photo_form": PhotoForm(),
            "finding_form": FindingForm(),
            "action_form": ActionForm(drill=drill) if can_run else None,
            "assess_form": AssessForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
@never_cache
def drill_qr_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead's phone shows this to the staff: a QR code of the sign-in address with this
    minute's code. The page reloads itself when the code changes (no script: a meta refresh)."""
    import segno

    drill = _runnable(request, pk)
    if drill.is_closed:
        messages.error(request, _("This drill is closed; sign-in has ended."))
        return redirect("drills:detail", pk=drill.pk)
    code = drill_signin_code(drill_id=drill.pk, site_id=drill.site_id)
    url = request.build_absolute_uri(f"{reverse('drills:sign_in', args=[drill.pk])}?code={code}")
    qr = segno.make(url, error="m")
    return render(
        request,
        "drills/qr.html",
        {
            "drill": drill,
            "signin_url": url,
            "qr_svg": qr.svg_inline(scale=6, border=2, dark="#1f2933", title=_("Sign-in code")),
            "refresh_seconds": seconds_to_next_code(),
            "attendance_count": drill.attendances.count(),
            "window_seconds": WINDOW_SECONDS,
            "grace_windows": GRACE_WINDOWS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def drill_sign_in_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the QR code leads. Showing it changes nothing; the button posts the sign-in."""
    from drills.models import Drill

    drill = Drill.objects.select_related("site", "drill_type", "lead__staff_profile").filter(pk=pk).first()
    if drill is None:
        raise Http404
    code = (request.POST.get("code") if request.method == "POST" else request.GET.get("code")) or ""
    context = {"drill": drill, "code": code, "error": "", "attendance": None}
    if request.method == "POST":
        try:
            attendance, created = services.drill_sign_in(drill=drill, user=request.user, code=code)
        except services.DrillSignInRefused as refused:
            context["error"] = refused.message
            context["hide_facts"] = refused.code in (CodeProblem.FOREIGN, CodeProblem.MALFORMED)
            status = 403 if refused.code in ("scope", "closed") else 400
            return render(request, "drills/sign_in.html", context, status=status)
        messages.success(request, _("You are signed in.") if created else _("You were already signed in."))
        return redirect(f"{reverse('drills:sign_in', args=[drill.pk])}?done=1")
    context["attendance"] = DrillAttendance.objects.filter(drill=drill, user=request.user).first()
    if context["attendance"] is None and not request.GET.get("done"):
        refusal = services.drill_sign_in_refusal(drill=drill, user=request.user, code=code)
        if refusal is not None:
            context["error"] = refusal.message
            # Without a real code of this drill, not even its site and lead are told.
            context["hide_facts"] = refusal.code in (CodeProblem.FOREIGN, CodeProblem.MALFORMED)
            return render(
                request, "drills/sign_in.html", context, status=403 if refusal.code in ("scope", "closed") else 400
            )
    return render(request, "drills/sign_in.html", context)


@login_required
@require_POST
def drill_timeline_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    drill = _runnable(request, pk)
    form = TimelineForm(request.POST)
    if form.is_valid():
        try:
            services.drill_timeline_record(
                drill=drill, actor=request.user, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _refused(request, error)
        except services.DrillClosed as closed:
            messages.error(request, str(closed))
    return redirect(f"{reverse('drills:detail', args=[drill.pk])}#timeline")


@login_required
@require_POST
def drill_photo_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    drill = _runnable(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.drill_photo_add(
                drill=drill, actor=request.user, upload=form.cleaned_data["photo"], caption=form.cleaned_data["caption"]
            )
        except ValidationError as error:
            _refused(request, error)
        except services.DrillClosed as closed:
            messages.error(request, str(closed))
        else:
            messages.success(request, _("Photo added."))
    else:
        messages.error(request, _("Choose a photo to upload."))
    return redirect(f"{reverse('drills:detail', args=[drill.pk])}#photos")


@login_required
@require_GET
def drill_photo_view(request: HttpRequest, pk: int) -> HttpResponse:
    photo = DrillPhoto.objects.filter(pk=pk).first()
    if photo is None:
        raise Http404
    _visible(request, photo.drill_id)
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


@login_required
@require_POST
def drill_finding_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    drill = _runnable(request, pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        try:
            services.drill_finding_add(drill=drill, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            _refused(request, error)
        except services.DrillClosed as closed:
            messages.error(request, str(closed))
    else:
        messages.error(request, _("Write what was found."))
    return redirect(f"{reverse('drills:detail', args=[drill.pk])}#findings")


@login_required
@require_POST
def drill_action_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    drill = _runnable(request, pk)
    form = ActionForm(request.POST, drill=drill)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.corrective_action_add(
                drill=drill,
                actor=request.user,
                description=data["description"],
                owner=data["owner"].user,
                due_on=data["due_on"],
                finding=data["finding"],
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Corrective action added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(f"{reverse('drills:detail', args=[drill.pk])}#actions")


@login_required
@require_POST
def drill_assess_view(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = DrillAttendance.objects.select_related("drill").filter(pk=pk).first()
    if attendance is None:
        raise Http404
    drill = _runnable(request, attendance.drill_id)
    form = AssessForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.drill_role_assess(
                attendance=attendance, actor=request.user, role=data["role"], rating=data["rating"], note=data["note"]
            )
        except ValidationError as error:
            _refused(request, error)
        except services.DrillClosed as closed:
            messages.error(request, str(closed))
        else:
            messages.success(request, _("Assessment saved."))
    else:
        messages.error(request, _("Choose a role and a rating."))
    return redirect(f"{reverse('drills:detail', args=[drill.pk])}#people")


@login_required
@require_http_methods(["GET", "POST"])
def drill_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing makes the record final: the page asks once more before it is done."""
    drill = _runnable(request, pk)
    if drill.is_closed:
        return redirect("drills:detail", pk=drill.pk)
    form = DrillCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["confirmed"]:
        try:
            services.drill_close(drill=drill, actor=request.user, summary=form.cleaned_data["summary"])
        except ValidationError as error:
            _refused(request, error)
            return redirect("drills:detail", pk=drill.pk)
        messages.success(request, _("The drill is closed."))
        return redirect("drills:detail", pk=drill.pk)
    confirming = request.method == "POST" and form.is_valid()
    return render(
        request,
        "drills/close_confirm.html",
        {"drill": drill, "form": form, "confirming": confirming, "record": drill_record(drill=drill)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner (or the lead, a manager of the site, HR) closes an action with what was done,
    after confirming once more: a closed action is not reopened."""
    action = action_detail(viewer=request.user, pk=pk)
    if action is None:
        raise Http404
    if not services.corrective_action_can_close(user=request.user, action=action):
        raise PermissionDenied
    if action.is_closed:
        return render(request, "drills/action_close.html", {"action": action, "form": None, "confirming": False})
    form = ConfirmedNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["confirmed"]:
        try:
            services.corrective_action_close(action=action, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The action is closed."))
        return redirect(f"{reverse('drills:detail', args=[action.drill_id])}#actions")
    confirming = request.method == "POST" and form.is_valid()
    return render(request, "drills/action_close.html", {"action": action, "form": form, "confirming": confirming})


@login_required
@require_GET
def drill_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    drill = _visible(request, pk)
    pdf = drill_report_pdf(drill)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"drill-{drill.pk}-{drill.planned_on:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def drill_overview_view(request: HttpRequest) -> HttpResponse:
    """Sites in the viewer's scope and their required drills: overdue first, then due soon."""
    _planner(request)
    rows = drills_due_for(viewer=request.user)
    order = {DueStatus.OVERDUE: 0, DueStatus.DUE: 1, DueStatus.OK: 2}
    rows.sort(key=lambda row: (order[row.status], row.due_on, row.site.code))
    return render(
        request,
        "drills/overview.html",
        {
            "rows": rows,
            "overdue": sum(1 for row in rows if row.status == DueStatus.OVERDUE),
            "due": sum(1 for row in rows if row.status == DueStatus.DUE),
        },
    )
