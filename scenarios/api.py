"""/api/v1/scenarios/: the player as JSON, for the phone app and tests. Same rules as the HTML
player: a run is only ever visible to its player, and before the end the payload holds the
current node, the choices offered now (key and text only) and the steps taken with the chosen
choice's feedback — never scores, targets, other choices' feedback, outcomes or the best path."""

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from scenarios import engine
from scenarios.models import ScenarioPage, ScenarioRun
from scenarios.selectors import player_view
from scenarios.services import (
    BackNotAllowed,
    InvalidScenario,
    RunNotActive,
    scenario_run_back,
    scenario_run_choose,
    scenario_run_start,
)

router = Router(tags=["scenarios"])


class StartIn(Schema):
    restart: bool = False


class ChooseIn(Schema):
    choice: str


def run_state(run: ScenarioRun, **extra) -> dict:
    data = {"run": run.pk, "attempt": run.attempt, "status": run.status, **extra}
    if run.is_finished:
        data.update(
            outcome=run.outcome,
            passed=run.passed,
            total=run.total,
            scores=run.scores,
            debrief_url=reverse("scenarios:debrief", args=[run.pk]),
        )
        return data
    view = player_view(run=run)
    data.update(
        node={"speaker": view.node.speaker, "text": view.node.text},
        choices=[{"key": key, "text": text} for key, text in view.choices],
        transcript=[
            {"speaker": b.speaker, "text": b.text, "mine": b.mine, "feedback": b.feedback, "timed_out": b.timed_out}
            for b in view.transcript
        ],
        seconds_left=view.seconds_left,
        time_limit=view.time_limit,
        time_is_up=view.time_is_up,
        can_back=view.can_back,
    )
    return data


def _own(request: HttpRequest, run_id: int) -> ScenarioRun:
    return get_object_or_404(
        ScenarioRun.objects.select_related("version").defer("version__graph"), pk=run_id, user=request.user
    )


@router.post("/{page_id}/runs", summary="Start or resume a run")
def run_start(request: HttpRequest, page_id: int, payload: StartIn):
    page = get_object_or_404(ScenarioPage.objects.live(), pk=page_id)
    try:
        run = scenario_run_start(user=request.user, page=page, restart=payload.restart)
    except InvalidScenario:
        return JsonResponse({"detail": _("This scenario cannot be played at the moment.")}, status=409)
    return JsonResponse(run_state(run))


@router.get("/runs/{run_id}", summary="The state of one of my runs")
def run_get(request: HttpRequest, run_id: int):
    return JsonResponse(run_state(_own(request, run_id)))


@router.post("/runs/{run_id}/choose", summary="Take a choice")
def run_choose(request: HttpRequest, run_id: int, payload: ChooseIn):
    run = _own(request, run_id)
    try:
        result = scenario_run_choose(run=run, choice_key=payload.choice)
    except RunNotActive:
        return JsonResponse({"detail": _("This run has ended.")}, status=409)
    except engine.ChoiceNotAvailable:
        return JsonResponse({"detail": _("That choice is not available now.")}, status=422)
    feedback = result.choice.feedback if result.choice else ""
    return JsonResponse(run_state(result.run, timed_out=result.timed_out, feedback=feedback))


@router.post("/runs/{run_id}/back", summary="Undo the last step (if the scenario allows it)")
def run_back(request: HttpRequest, run_id: int):
    try:
        run = scenario_run_back(run=_own(request, run_id))
    except (BackNotAllowed, RunNotActive):
        return JsonResponse({"detail": _("You cannot go back here.")}, status=409)
    return JsonResponse(run_state(run))
