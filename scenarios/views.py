"""Player actions (all POST, each calls one service and goes back to the page), the debrief,
and the trainer's list and analytics. A run belongs to its player: anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.services import audit_record
from courses.structure import page_cached, page_live_cached
from org.models import Role
from org.selectors import user_role
from scenarios import engine
from scenarios.models import ScenarioPage, ScenarioRun
from scenarios.selectors import run_for_user, scenario_analytics, scenario_debrief, scenarios_for_trainer
from scenarios.services import (
    BackNotAllowed,
    InvalidScenario,
    RunNotActive,
    scenario_run_back,
    scenario_run_choose,
    scenario_run_start,
    scenario_run_timeout,
)

REVIEWERS = (Role.TRAINER, Role.HR_ADMIN, Role.MANAGER)


def _own_run(request: HttpRequest, run_id: int) -> ScenarioRun:
    """The person's own run, its row alone, read where a step was refused (the way back to the
    player takes the page from the cache)."""
    run = ScenarioRun.objects.filter(pk=run_id, user=request.user).first()
    if run is None:
        raise Http404
    return run


def _own_run_ref(request: HttpRequest, run_id: int) -> ScenarioRun:
    """The run as the services take it, unread: they lock it by its id and its player's, and
    raise ScenarioRun.DoesNotExist when it is not this person's (a 404 here). A step reads the
    row once instead of twice."""
    return ScenarioRun(pk=run_id, user_id=request.user.pk)


def _back_to_player(request: HttpRequest, run: ScenarioRun) -> HttpResponse:
    if run.is_finished:
        return redirect("scenarios:debrief", run_id=run.pk)
    return redirect(page_cached(pk=run.page_id, model=ScenarioPage).get_url(request) + "#now")


@login_required
@require_POST
def run_start_view(request: HttpRequest, page_id: int) -> HttpResponse:
    page = page_live_cached(pk=page_id, model=ScenarioPage)
    if page is None:
        raise Http404
    try:
        run = scenario_run_start(user=request.user, page=page, restart=request.POST.get("restart") == "1")
    except InvalidScenario:
        messages.error(request, _("This scenario cannot be played at the moment."))
        return redirect(page.get_url(request))
    return _back_to_player(request, run)


@login_required
@require_POST
def run_choose_view(request: HttpRequest, run_id: int) -> HttpResponse:
    try:
        result = scenario_run_choose(run=_own_run_ref(request, run_id), choice_key=request.POST.get("choice", ""))
    except ScenarioRun.DoesNotExist:
        raise Http404 from None
    except RunNotActive:
        messages.info(request, _("This run has ended."))
        return _back_to_player(request, _own_run(request, run_id))
    except engine.ChoiceNotAvailable:
        messages.error(request, _("That choice is not available now."))
        return _back_to_player(request, _own_run(request, run_id))
    if result.timed_out:
        messages.warning(request, _("Time ran out before your choice arrived."))
    return _back_to_player(request, result.run)


@login_required
@require_POST
def run_timeout_view(request: HttpRequest, run_id: int) -> HttpResponse:
    try:
        run = scenario_run_timeout(run=_own_run_ref(request, run_id))
    except ScenarioRun.DoesNotExist:
        raise Http404 from None
    return _back_to_player(request, run)


@login_required
@require_POST
def run_back_view(request: HttpRequest, run_id: int) -> HttpResponse:
    try:
        run = scenario_run_back(run=_own_run_ref(request, run_id))
    except ScenarioRun.DoesNotExist:
        raise Http404 from None
    except (BackNotAllowed, RunNotActive):
        messages.error(request, _("You cannot go back here."))
        run = _own_run(request, run_id)
    return _back_to_player(request, run)


@login_required
@require_GET
def run_debrief_view(request: HttpRequest, run_id: int) -> HttpResponse:
    run = run_for_user(user=request.user, run_id=run_id)
    if run is None:
        raise Http404
    if not run.is_finished:
        if run.user_id != request.user.pk:
            raise Http404
        return redirect(run.page.get_url(request))
    if run.user_id != request.user.pk:
        audit_record(actor=request.user, action="scenario_run.viewed", obj=run, subject_user=run.user)
    return render(request, "scenarios/debrief.html", {"debrief": scenario_debrief(run=run), "page": run.page})


@login_required
@require_GET
def scenario_list_view(request: HttpRequest) -> HttpResponse:
    if user_role(request.user) not in REVIEWERS:
        raise PermissionDenied
    return render(request, "scenarios/scenario_list.html", {"scenarios": scenarios_for_trainer(user=request.user)})


@login_required
@require_GET
def scenario_analytics_view(request: HttpRequest, page_id: int) -> HttpResponse:
    if user_role(request.user) not in REVIEWERS:
        raise PermissionDenied
    page = get_object_or_404(ScenarioPage, pk=page_id)
    return render(
        request, "scenarios/analytics.html", {"stats": scenario_analytics(page=page, viewer=request.user), "page": page}
    )
