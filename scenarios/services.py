"""Writes for scenarios: starting, stepping and finishing runs, expiring timed steps, importing.

The server's clock is the only clock: a timed node's deadline is stored when it is shown, a choice
that arrives after it (plus a one-second allowance for the network) takes the timeout branch, and
a periodic task applies overdue timeouts to abandoned phones so analytics see the real ending."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from core.events import event_announce
from core.sanitize import sanitize_text
from courses.models import CoursePage
from courses.models.records import StepSource
from courses.selectors import course_of_step
from courses.services import step_complete, step_time_record
from scenarios import engine
from scenarios.events import ScenarioRunFinished
from scenarios.graphs import graph_dict_to_streams, graph_digest, page_graph_dict
from scenarios.models import EventKind, RunEvent, RunStatus, ScenarioPage, ScenarioRun, ScenarioVersion
from scenarios.schema import scenario_file_parse

TIMEOUT_GRACE = dt.timedelta(seconds=1)
_GRAPHS: dict[tuple[int, str], engine.Graph] = {}


class RunNotActive(Exception):
    """The run has finished or was abandoned; start a new one to play again."""


class BackNotAllowed(Exception):
    pass


class InvalidScenario(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ChooseResult:
    run: ScenarioRun
    choice: engine.Choice | None
    timed_out: bool


def version_graph(version: ScenarioVersion) -> engine.Graph:
    """Versions never change, so their parsed graph is cached per process."""
    cache_key = (version.pk, version.digest)
    graph = _GRAPHS.get(cache_key)
    if graph is None:
        graph = engine.graph_from_dict(version.graph)
        if len(_GRAPHS) > 256:
            _GRAPHS.clear()
        _GRAPHS[cache_key] = graph
    return graph


def scenario_version_for(*, page: ScenarioPage) -> ScenarioVersion:
    data = page_graph_dict(page)
    digest = graph_digest(data)
    version = ScenarioVersion.objects.filter(page=page, digest=digest).first()
    if version is None:
        errors = engine.validate(engine.graph_from_dict(data))
        if errors:
            from django.utils.translation import gettext

            raise InvalidScenario([e.message(gettext) for e in errors])
        version, _ = ScenarioVersion.objects.get_or_create(page=page, digest=digest, defaults={"graph": data})
    return version


def _state(run: ScenarioRun) -> engine.PlayState:
    return engine.PlayState(
        node=run.node,
        scores=dict(run.scores),
        flags=frozenset(run.flags),
        path=tuple((a, b) for a, b in run.path),
    )


def _apply(run: ScenarioRun, graph: engine.Graph, state: engine.PlayState, at: dt.datetime) -> None:
    run.node = state.node
    run.scores = dict(state.scores)
    run.flags = sorted(state.flags)
    run.path = [list(step) for step in state.path]
    run.node_entered_at = at
    node = graph.node(state.node)
    run.deadline_at = at + dt.timedelta(seconds=node.time_limit) if node.time_limit and node.timeout_target else None


def _record(run: ScenarioRun, *, kind: str, node: str, at: dt.datetime, choice: engine.Choice | None = None) -> None:
    last = run.events.aggregate(m=Max("seq"))["m"] or 0
    elapsed = max(0, int((at - run.node_entered_at).total_seconds() * 1000)) if kind != EventKind.BACK else 0
    RunEvent.objects.create(
        run=run,
        seq=last + 1,
        kind=kind,
        node=node,
        choice=choice.key if choice else "",
        choice_text=choice.text if choice else "",
        at=at,
        elapsed_ms=elapsed,
        scores_after=dict(run.scores),
    )


def _finish(run: ScenarioRun, graph: engine.Graph, at: dt.datetime) -> None:
    result = engine.evaluate(graph, _state(run))
    run.status = RunStatus.FINISHED
    run.outcome = str(result.outcome)
    run.total = result.total
    run.passed = result.passed
    run.finished_at = at
    run.deadline_at = None
    run.save()
    # Measured time in the scenario (for 学时 and course analytics), start to finish, capped there.
    step_time_record(
        user=run.user, step=run.page, kind=StepSource.SCENARIO, seconds=(at - run.started_at).total_seconds(), at=at
    )
    if result.passed:
        step_complete(user=run.user, step=run.page, source=StepSource.SCENARIO, score=Decimal(result.total))
    event_announce(_finished_event(run, graph))


def _finished_event(run: ScenarioRun, graph: engine.Graph) -> ScenarioRunFinished:
    """Scores per competency code; a percentage only where the graph bounds the competency's
    score (scenario points have no fixed scale)."""
    maximum = engine.score_bounds(graph).maximum
    scores: dict[str, Decimal] = {}
    percents: dict[str, Decimal] = {}
    for code, value in run.scores.items():
        if code == "total" or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        scores[code] = Decimal(str(value))
        bound = maximum.get(code)
        if bound is not None and 0 < bound < float("inf"):
            # A score below zero (choices can take points away) is 0 %: a percentage is 0 to 100.
            share = 100 * max(scores[code], Decimal(0)) / Decimal(str(int(bound)))
            percents[code] = share.quantize(Decimal("0.01"))
    course = course_of_step(step=run.page)
    return ScenarioRunFinished(
        run_id=run.pk,
        user_id=run.user_id,
        scenario_id=run.page_id,
        scenario_title=run.page.title,
        course_id=course.pk if isinstance(course, CoursePage) else None,
        passed=bool(run.passed),
        finished_at=run.finished_at,
        competency_scores=scores,
        competency_percents=percents,
    )


# What _apply changes: a step that does not end the run writes only these.
STEP_FIELDS = ["node", "scores", "flags", "path", "node_entered_at", "deadline_at"]


def _move(run: ScenarioRun, graph: engine.Graph, state: engine.PlayState, at: dt.datetime) -> None:
    _apply(run, graph, state, at)
    if graph.node(state.node).is_end:
        _finish(run, graph, at)
    else:
        run.save(update_fields=STEP_FIELDS)


def _expire(run: ScenarioRun, graph: engine.Graph, now: dt.datetime) -> bool:
    """Apply every timeout that is due by `now`. A timeout branch that leads to another timed
    node starts that node's clock at the first deadline, so a chain of missed steps resolves the
    same whether the phone comes back in one minute or one hour."""
    expired = False
    while run.status == RunStatus.ACTIVE and run.deadline_at and now > run.deadline_at + TIMEOUT_GRACE:
        at = run.deadline_at
        node = run.node
        state = engine.timeout(graph, _state(run))
        run.scores = dict(state.scores)
        _record(run, kind=EventKind.TIMEOUT, node=node, at=at)
        _move(run, graph, state, at)
        expired = True
    return expired


def _locked(run: ScenarioRun) -> ScenarioRun:
    """The run, locked for this transaction, if it is still its player's (ScenarioRun.DoesNotExist
    if not: a view may pass ScenarioRun(pk=…, user_id=request.user.pk) and need not read it
    first). The version's graph JSON is deferred: the parsed graph is cached per process, so a
    step does not re-read a large scenario."""
    return (
        ScenarioRun.objects.select_for_update()
        .select_related("version")
        .defer("version__graph")
        .get(pk=run.pk, user_id=run.user_id)
    )


@transaction.atomic
def scenario_run_start(
    *, user: AbstractBaseUser, page: ScenarioPage, restart: bool = False, now: dt.datetime | None = None
) -> ScenarioRun:
    """Resume the person's run in progress, or start one on the page's current graph. With
    `restart` (retry), a run in progress is abandoned and a fresh attempt starts."""
    now = now or timezone.now()
    active = ScenarioRun.objects.select_for_update().filter(page=page, user=user, status=RunStatus.ACTIVE).first()
    if active and not restart:
        _expire(active, version_graph(active.version), now)
        if active.status == RunStatus.ACTIVE:
            return active
    elif active:
        active.status = RunStatus.ABANDONED
        active.deadline_at = None
        active.save(update_fields=["status", "deadline_at"])
    version = scenario_version_for(page=page)
    graph = version_graph(version)
    attempts = ScenarioRun.objects.filter(page=page, user=user).count()
    run = ScenarioRun(page=page, version=version, user=user, attempt=attempts + 1, started_at=now, node_entered_at=now)
    _apply(run, graph, engine.start(graph), now)
    try:
        with transaction.atomic():
            run.save()
    except IntegrityError:  # a second tab started the same scenario at the same moment: resume it
        return ScenarioRun.objects.get(page=page, user=user, status=RunStatus.ACTIVE)
    return run


@transaction.atomic
def scenario_run_choose(*, run: ScenarioRun, choice_key: str, now: dt.datetime | None = None) -> ChooseResult:
    """Take a choice at the current node. Too late for a timed node: the timeout branch is taken
    instead and the choice is ignored. A choice that is not offered (hidden by its condition,
    from another node, made up) raises engine.ChoiceNotAvailable and changes nothing."""
    now = now or timezone.now()
    run = _locked(run)
    if run.status != RunStatus.ACTIVE:
        raise RunNotActive()
    graph = version_graph(run.version)
    if _expire(run, graph, now):
        return ChooseResult(run=run, choice=None, timed_out=True)
    state = _state(run)
    new_state, choice = engine.choose(graph, state, choice_key)
    run.scores = dict(new_state.scores)
    _record(run, kind=EventKind.CHOICE, node=state.node, at=now, choice=choice)
    _move(run, graph, new_state, now)
    return ChooseResult(run=run, choice=choice, timed_out=False)


@transaction.atomic
def scenario_run_timeout(*, run: ScenarioRun, now: dt.datetime | None = None) -> ScenarioRun:
    """Apply the timeout of the current node if it is due (the player's countdown calls this when
    it reaches zero; the server decides)."""
    now = now or timezone.now()
    run = _locked(run)
    if run.status == RunStatus.ACTIVE:
        _expire(run, version_graph(run.version), now)
    return run


@transaction.atomic
def scenario_run_back(*, run: ScenarioRun, now: dt.datetime | None = None) -> ScenarioRun:
    """Undo the last step when the scenario allows it. The undone step stays in the transcript,
    marked undone, followed by a "back" event."""
    now = now or timezone.now()
    run = _locked(run)
    if run.status != RunStatus.ACTIVE:
        raise RunNotActive()
    graph = version_graph(run.version)
    if not graph.allow_back:
        raise BackNotAllowed()
    if _expire(run, graph, now) and run.status != RunStatus.ACTIVE:
        raise RunNotActive()
    state = _state(run)
    if not state.path:
        raise BackNotAllowed()
    previous = engine.back(graph, state)
    last = run.events.filter(kind__in=[EventKind.CHOICE, EventKind.TIMEOUT], undone=False).order_by("-seq").first()
    if last:
        RunEvent.objects.filter(pk=last.pk).update(undone=True)
    node = run.node
    _apply(run, graph, previous, now)
    _record(run, kind=EventKind.BACK, node=node, at=now)
    run.save()
    return run


def scenario_runs_expire_due(*, now: dt.datetime | None = None) -> int:
    """Apply overdue timeouts to every run left waiting (periodic). Safe to run twice."""
    now = now or timezone.now()
    count = 0
    due = ScenarioRun.objects.filter(status=RunStatus.ACTIVE, deadline_at__lt=now - TIMEOUT_GRACE)
    for run in due.only("pk"):
        scenario_run_timeout(run=run, now=now)
        count += 1
    return count


_TEXT_FIELDS = {"speaker", "text", "debrief", "feedback", "name"}


def _sanitized(value, key: str = ""):
    """Every free text of an imported file goes through core.sanitize: no markup survives."""
    if isinstance(value, dict):
        return {k: _sanitized(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_sanitized(v, key) for v in value]
    if isinstance(value, str) and key in _TEXT_FIELDS | {"title", "intro"}:
        return sanitize_text(value)
    return value


def _unique_slug(parent, slug: str) -> str:
    base = slug or "scenario"
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def scenario_import(
    *,
    data,
    user: AbstractBaseUser | None,
    parent: CoursePage | None = None,
    page: ScenarioPage | None = None,
) -> ScenarioPage:
    """Create a draft scenario under `parent`, or a new draft revision of `page`, from a decoded
    JSON document. The whole file is checked (schema, then the graph rules) before anything is
    written; a bad file raises SchemaError or InvalidScenario and saves nothing."""
    from django.utils.text import slugify
    from django.utils.translation import gettext
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    parsed = _sanitized(scenario_file_parse(data))
    graph_data = {k: parsed[k] for k in ("allow_back", "pass_total", "competencies", "nodes")}
    errors = [e.message(gettext) for e in engine.validate(engine.graph_from_dict(graph_data))]
    image_ids = {n["image"] for n in parsed["nodes"] if n["image"]}
    audio_ids = {n["audio"] for n in parsed["nodes"] if n["audio"]}
    images = set(get_image_model().objects.filter(pk__in=image_ids).values_list("pk", flat=True))
    audio = set(get_document_model().objects.filter(pk__in=audio_ids).values_list("pk", flat=True))
    for node in parsed["nodes"]:
        if node["image"] and node["image"] not in images:
            errors.append(
                gettext("Node “%(node)s”: image %(id)s does not exist on this site.")
                % {"node": node["key"], "id": node["image"]}
            )
        if node["audio"] and node["audio"] not in audio:
            errors.append(
                gettext("Node “%(node)s”: audio document %(id)s does not exist on this site.")
                % {"node": node["key"], "id": node["audio"]}
            )
    if errors:
        raise InvalidScenario(errors)
    competencies, nodes = graph_dict_to_streams(graph_data)
    fields = {
        "title": parsed["title"],
        "intro": parsed["intro"],
        "estimated_minutes": parsed["estimated_minutes"],
        "is_required": parsed["is_required"],
        "allow_back": parsed["allow_back"],
        "pass_total": parsed["pass_total"],
        "competencies": competencies,
        "nodes": nodes,
    }
    if page is None:
        if parent is None:
            raise ValueError("either parent or page is needed")
        slug = _unique_slug(parent, slugify(parsed["slug"] or parsed["title"], allow_unicode=True))
        page = ScenarioPage(slug=slug, live=False, owner=user, **fields)
        parent.add_child(instance=page)
    else:
        page = page.get_latest_revision_as_object()
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision(user=user, log_action=True)
    return page
