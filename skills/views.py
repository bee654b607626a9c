"""Views: parse, check scope, call one service, respond. Whose records a user may touch is always
decided by skills.selectors (built on org.selectors); an id outside the scope is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.db_router import reporting
from core.models import AuditEvent
from core.services import audit_record
from org.models import Role
from org.selectors import user_role
from skills.exports import TABLES
from skills.forms import (
    AssessmentForm,
    EvidenceCorrectionForm,
    FollowUpEvaluationForm,
    GoalForm,
    PromotionDecisionForm,
    ReactionForm,
)
from skills.models import DashboardExport, FollowUpStatus, PromotionStatus
from skills.selectors import (
    assessable_profile_of,
    assessment_with_photo_of,
    completed_enrolment_of,
    course_report,
    dashboard_build,
    dashboard_export_filter_labels,
    dashboard_export_of,
    dashboard_exports_of,
    evidence_of,
    follow_up_objectives,
    follow_up_of,
    my_skills,
    pending_promotions_of,
    person_page,
    personal_goal_of,
    promotion_recommendation_of,
    reportable_course_of,
    rubric_active_of,
    staff_profile_own,
    user_is_assessable_by,
)
from skills.selectors import reportable_courses as reportable_courses_query
from skills.selectors.dashboard import Filters
from skills.services import (
    assessment_record,
    course_reaction_submit,
    dashboard_export_open,
    dashboard_export_request,
    evidence_correct,
    follow_up_evaluate,
    goal_achieve,
    goal_set,
    promotion_decide,
)
from skills.services.evidence import EvidenceAlreadyCorrected
from skills.services.exports import EXPORT_KEEP_DAYS
from skills.services.follow_ups import FollowUpAlreadyDone
from skills.services.levels import PromotionAlreadyDecided, PromotionNoLongerReady

MANAGING_ROLES = (Role.MANAGER, Role.HR_ADMIN)


def _require_role(request: HttpRequest, roles) -> None:
    if user_role(request.user) not in roles:
        raise PermissionDenied


def _found[T](obj: T | None) -> T:
    """A selector's None (not there, or outside the viewer's scope) is a 404 either way."""
    if obj is None:
        raise Http404
    return obj


@login_required
@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    _require_role(request, MANAGING_ROLES)
    # From the read replica when there is one: the figures may lag the primary by a moment.
    with reporting():
        dashboard = dashboard_build(
            viewer=request.user, filters=Filters.parse(request.GET), page_number=request.GET.get("page", 1)
        )
    return render(request, "skills/dashboard.html", {"dashboard": dashboard, "tables": TABLES})


@login_required
@require_POST
def export_request_view(request: HttpRequest, table: str) -> HttpResponse:
    """Ask for the table as Excel with the dashboard's filters; it is built in the background."""
    _require_role(request, MANAGING_ROLES)
    if table not in TABLES:
        raise Http404
    dashboard_export_request(requester=request.user, table=table, filters=Filters.parse(request.POST))
    messages.success(request, _("Your export is being prepared. It will be ready to download here in a moment."))
    return redirect("skills:exports")


@login_required
@require_GET
def exports_view(request: HttpRequest) -> HttpResponse:
    _require_role(request, MANAGING_ROLES)
    exports = list(dashboard_exports_of(user=request.user))
    labels = dashboard_export_filter_labels(exports=exports)
    return render(
        request,
        "skills/exports.html",
        {
            "exports": [(export, labels[export.pk]) for export in exports],
            "pending": any(e.is_pending for e in exports),
            "keep_days": EXPORT_KEEP_DAYS,
        },
    )


@login_required
@require_GET
def export_download_view(request: HttpRequest, pk: int) -> FileResponse:
    """The requester downloads their ready export (audited); anyone else's is not found."""
    _require_role(request, MANAGING_ROLES)
    export = dashboard_export_of(user=request.user, pk=pk)
    if export is None or export.status != DashboardExport.Status.READY:
        raise Http404
    local_created = timezone.localtime(export.created_at)
    return FileResponse(
        dashboard_export_open(export=export, actor=request.user),
        as_attachment=True,
        filename=f"skills-{export.table}-{local_created:%Y%m%d-%H%M}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_GET
def person_view(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_role(request, (Role.MANAGER, Role.HR_ADMIN, Role.TRAINER))
    profile = _found(assessable_profile_of(viewer=request.user, user_id=user_id))
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.PERSONAL_VIEW,
        obj=profile,
        subject_user=profile.user,
        detail={"page": "skills.person"},
    )
    page = person_page(viewer=request.user, profile=profile)
    return render(
        request,
        "skills/person.html",
        {
            "skills": page.skills,
            "can_manage": page.can_manage,
            "rubrics": page.rubrics,
            "correction_form": EvidenceCorrectionForm(),
        },
    )


@login_required
def assessment_create_view(request: HttpRequest, user_id: int, rubric_id: int) -> HttpResponse:
    _require_role(request, (Role.MANAGER, Role.HR_ADMIN, Role.TRAINER))
    profile = _found(assessable_profile_of(viewer=request.user, user_id=user_id))
    rubric = _found(rubric_active_of(pk=rubric_id))
    form = AssessmentForm(request.POST or None, request.FILES or None, rubric=rubric)
    if request.method == "POST" and form.is_valid():
        assessment_record(
            trainee=profile.user,
            assessor=request.user,
            rubric=rubric,
            scores=form.scores,
            notes=form.cleaned_data["notes"],
            photo=form.cleaned_data.get("photo"),
            passed=form.passed,
        )
        messages.success(request, _("Assessment recorded."))
        return redirect("skills:person", user_id=profile.user_id)
    return render(request, "skills/assessment_form.html", {"form": form, "profile": profile, "rubric": rubric})


@login_required
@require_GET
def assessment_photo_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Assessment photos are personal data: served through the scope check, never from /media/."""
    assessment = _found(assessment_with_photo_of(pk=pk))
    if assessment.trainee_id != request.user.pk:
        _require_role(request, (Role.MANAGER, Role.HR_ADMIN, Role.TRAINER))
        if not user_is_assessable_by(viewer=request.user, user_id=assessment.trainee_id):
            raise Http404
    response = FileResponse(assessment.photo.open("rb"))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def follow_up_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role(request, MANAGING_ROLES)
    follow_up = _found(follow_up_of(viewer=request.user, pk=pk))
    if follow_up.status != FollowUpStatus.SCHEDULED:
        messages.info(request, _("This follow-up evaluation is already recorded."))
        return redirect("skills:person", user_id=follow_up.trainee_id)
    form = FollowUpEvaluationForm(request.POST or None, objectives=follow_up_objectives(follow_up=follow_up))
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_evaluate(
                follow_up=follow_up,
                evaluator=request.user,
                objectives_met=form.cleaned_data["objectives"],
                behaviour_rating=form.cleaned_data["behaviour_rating"],
                figures=form.figures,
                owner_satisfaction=form.cleaned_data["owner_satisfaction"],
                notes=form.cleaned_data["notes"],
            )
        except FollowUpAlreadyDone:
            messages.info(request, _("This follow-up evaluation is already recorded."))
            return redirect("skills:dashboard")
        except ValidationError as error:  # the service's range check, should the form miss one
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(request, _("Follow-up evaluation recorded."))
            return redirect("skills:dashboard")
    return render(
        request, "skills/follow_up_form.html", {"form": form, "follow_up": follow_up, "today": timezone.localdate()}
    )


@login_required
@require_POST
def promotion_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject with a note in one step; approve in two POSTs, the first answered with a page that
    says what approving does and asks once more."""
    _require_role(request, MANAGING_ROLES)
    recommendation = _found(promotion_recommendation_of(viewer=request.user, pk=pk))
    form = PromotionDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("skills:person", user_id=recommendation.user_id)
    approve = form.cleaned_data["decision"] == "approve"
    if approve and not form.cleaned_data["confirmed"] and recommendation.status == PromotionStatus.PENDING:
        # An approval changes the person's level (and often their pay) for good: the first POST
        # only shows what will happen and asks once more.
        return render(
            request,
            "skills/promotion_confirm.html",
            {"recommendation": recommendation, "form": form, "next": request.POST.get("next", "")},
        )
    try:
        promotion_decide(
            recommendation=recommendation, decided_by=request.user, approve=approve, note=form.cleaned_data["note"]
        )
    except PromotionAlreadyDecided:
        messages.info(request, _("This promotion was already decided."))
    except PromotionNoLongerReady:
        messages.error(
            request, _("The criteria no longer hold (evidence was corrected); the promotion cannot be approved.")
        )
    else:
        messages.success(request, _("Promotion approved.") if approve else _("Promotion rejected."))
    if request.POST.get("next") == "dashboard":
        return redirect("skills:dashboard")
    return redirect("skills:person", user_id=recommendation.user_id)


@login_required
@require_POST
def evidence_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role(request, MANAGING_ROLES)
    evidence = _found(evidence_of(viewer=request.user, pk=pk))
    form = EvidenceCorrectionForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            evidence_correct(
                evidence=evidence,
                corrected_by=request.user,
                note=form.cleaned_data["note"],
                withdraw=action == "withdraw",
                passed={"pass": True, "fail": False}.get(action),
            )
            messages.success(request, _("Correction recorded."))
        except EvidenceAlreadyCorrected:
            messages.error(request, _("This entry was already corrected."))
    else:
        messages.error(request, _("Give a reason for the correction."))
    return redirect("skills:person", user_id=evidence.user_id)


@login_required
@require_GET
def my_skills_view(request: HttpRequest) -> HttpResponse:
    profile = _found(staff_profile_own(user=request.user))
    return render(request, "skills/my_skills.html", {"mine": my_skills(profile=profile), "goal_form": GoalForm()})


@login_required
@require_POST
def goal_create_view(request: HttpRequest) -> HttpResponse:
    form = GoalForm(request.POST)
    if form.is_valid():
        goal_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Goal saved."))
    else:
        messages.error(request, _("Describe the goal and choose its horizon."))
    return redirect("skills:mine")


@login_required
@require_POST
def goal_achieve_view(request: HttpRequest, pk: int) -> HttpResponse:
    goal_achieve(goal=_found(personal_goal_of(user=request.user, pk=pk)))
    return redirect("skills:mine")


@login_required
def reaction_view(request: HttpRequest, course_id: int) -> HttpResponse:
    """Only someone who completed the course rates it."""
    enrolment = _found(completed_enrolment_of(user=request.user, course_id=course_id))
    form = ReactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course_reaction_submit(user=request.user, course=enrolment.course, **form.cleaned_data)
        messages.success(request, _("Thank you for your feedback."))
        return redirect("skills:mine")
    return render(request, "skills/reaction_form.html", {"form": form, "course": enrolment.course})


@login_required
@require_GET
def reports_view(request: HttpRequest) -> HttpResponse:
    _require_role(request, MANAGING_ROLES)
    return render(request, "skills/reports.html", {"courses": reportable_courses_query()})


@login_required
@require_GET
def course_report_view(request: HttpRequest, course_id: int) -> HttpResponse:
    _require_role(request, MANAGING_ROLES)
    course = _found(reportable_course_of(pk=course_id))
    return render(request, "skills/course_report.html", {"report": course_report(course=course, viewer=request.user)})


@login_required
@require_GET
def pending_promotions_view(request: HttpRequest) -> HttpResponse:
    """Kept for links from e-mails: the dashboard lists them too."""
    _require_role(request, MANAGING_ROLES)
    return render(request, "skills/promotions.html", {"promotions": pending_promotions_of(viewer=request.user)})
