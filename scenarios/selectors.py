"""Reads for scenarios: the player's view of a run (never more than the player may see), the
debrief, the export, the trainer's list and analytics.

What reaches the browser before a run ends: the current node's text, the texts and keys of the
choices offered now, and for steps already taken the chosen choice and its feedback. Scores,
targets, unchosen choices' feedback, end outcomes and the best path only appear in the debrief."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from org.models import Role
from org.selectors import staff_visible_to, user_role
from scenarios import engine
from scenarios.graphs import page_graph_dict
from scenarios.models import EventKind, RunEvent, RunStatus, ScenarioPage, ScenarioRun
from scenarios.schema import FORMAT, VERSION


def _graph(run: ScenarioRun) -> engine.Graph:
    from scenarios.services import version_graph

    return version_graph(run.version)


@dataclass
class Bubble:
    speaker: str
    text: str
    mine: bool = False
    feedback: str = ""
    timed_out: bool = False
    undone: bool = False


@dataclass
class PlayerView:
    run: ScenarioRun
    node: engine.Node
    choices: list[tuple[str, str]]
    transcript: list[Bubble]
    can_back: bool
    time_limit: int | None = None
    seconds_left: int | None = None
    ms_left: int | None = None
    time_is_up: bool = False
    images: dict = field(default_factory=dict)


def run_transcript(run: ScenarioRun, graph: engine.Graph) -> list[Bubble]:
    """The conversation so far: each node the player answered, their answer and its feedback."""
    bubbles: list[Bubble] = []
    for event in run.events.all():
        if event.kind == EventKind.BACK or event.undone:
            continue
        node = graph.node(event.node)
        if node is None:
            continue
        bubbles.append(Bubble(speaker=node.speaker, text=node.text))
        if event.kind == EventKind.TIMEOUT:
            bubbles.append(Bubble(speaker="", text="", mine=True, timed_out=True))
        else:
            choice = node.choice(event.choice)
            bubbles.append(
                Bubble(speaker="", text=event.choice_text, mine=True, feedback=choice.feedback if choice else "")
            )
    return bubbles


def player_view(*, run: ScenarioRun, now=None) -> PlayerView:
    graph = _graph(run)
    now = now or timezone.now()
    state = engine.PlayState(node=run.node, scores=run.scores, flags=frozenset(run.flags), path=tuple(run.path))
    node = graph.node(run.node)
    choices = [(c.key, c.text) for c in engine.visible_choices(graph, state)]
    seconds_left = ms_left = None
    time_is_up = False
    if run.deadline_at:
        ms_left = max(0, int((run.deadline_at - now).total_seconds() * 1000))
        seconds_left = -(-ms_left // 1000)
        time_is_up = now > run.deadline_at
    return PlayerView(
        run=run,
        node=node,
        choices=[] if time_is_up else choices,
        transcript=run_transcript(run, graph),
        can_back=graph.allow_back and bool(run.path) and not time_is_up,
        time_limit=node.time_limit if run.deadline_at else None,
        seconds_left=seconds_left,
        ms_left=ms_left,
        time_is_up=time_is_up,
        images=_media(graph, [node]),
    )


def _media(graph: engine.Graph, nodes: list[engine.Node]) -> dict:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    image_ids = [n.image for n in nodes if n.image]
    audio_ids = [n.audio for n in nodes if n.audio]
    out = {}
    if image_ids:
        out["images"] = {i.pk: i for i in get_image_model().objects.filter(pk__in=image_ids)}
    if audio_ids:
        out["audio"] = {d.pk: d for d in get_document_model().objects.filter(pk__in=audio_ids)}
    return out


def scenario_player_context(*, page: ScenarioPage, user: AbstractBaseUser | AnonymousUser) -> dict:
    if not user.is_authenticated:
        return {}
    runs = list(
        ScenarioRun.objects.filter(page=page, user=user)
        .select_related("version")
        .defer("version__graph")
        .order_by("-attempt")[:5]
    )
    active = next((r for r in runs if r.status == RunStatus.ACTIVE), None)
    last_finished = next((r for r in runs if r.status == RunStatus.FINISHED), None)
    return {
        "player": player_view(run=active) if active else None,
        "last_finished": last_finished,
        "runs": runs,
    }


def run_for_user(*, user: AbstractBaseUser, run_id: int) -> ScenarioRun | None:
    """A trainee only ever reaches their own runs; trainers, HR and managers (in scope) may open
    others' finished runs for review."""
    run = (
        ScenarioRun.objects.select_related("page", "version", "user")
        .defer("page__nodes", "page__competencies", "version__graph")
        .filter(pk=run_id)
        .first()
    )
    if run is None:
        return None
    if run.user_id == user.pk:
        return run
    if user_role(user) in (Role.TRAINER, Role.HR_ADMIN, Role.MANAGER) and (
        staff_visible_to(user).filter(user_id=run.user_id).exists()
    ):
        return run
    return None


@dataclass
class DebriefStep:
    node_text: str
    speaker: str
    choice_text: str
    feedback: str = ""
    timed_out: bool = False
    on_best_path: bool = False


@dataclass
class Debrief:
    run: ScenarioRun
    end: engine.Node
    scores: list[dict]
    taken: list[DebriefStep]
    best: list[DebriefStep]
    pass_total: int | None
    # Why a run that did not pass did not pass, in the player's words: an ending other than a
    # failure can still fall short of a competency's pass mark or the overall one.
    not_passed_reasons: list[str] = field(default_factory=list)


def _not_passed_reasons(*, run: ScenarioRun, scores: list[dict], pass_total: int | None) -> list[str]:
    """The pass rule of engine.evaluate, spelled out for each part that failed."""
    if run.passed:
        return []
    reasons = []
    if run.outcome == engine.Outcome.FAIL:
        reasons.append(gettext("The scenario ended in a failure."))
    for row in scores:
        if not row["passed"]:
            reasons.append(
                gettext("%(competency)s: %(score)s, below its pass mark of %(threshold)s.")
                % {"competency": row["name"], "score": row["score"], "threshold": row["threshold"]}
            )
    if pass_total is not None and (run.total or 0) < pass_total:
        reasons.append(
            gettext("Total: %(total)s, below the pass mark of %(threshold)s.")
            % {"total": run.total or 0, "threshold": pass_total}
        )
    return reasons or [gettext("The scenario's pass rule was not met.")]


def scenario_debrief(*, run: ScenarioRun) -> Debrief:
    """Everything a finished run may now reveal: outcome and debrief text, whether it passed and
    if not why (a good ending below a pass mark is still not passed), each competency's score
    against its threshold and the range possible, the path taken and the best path."""
    graph = _graph(run)
    bounds = engine.score_bounds(graph)
    best_path = engine.best_path(graph)
    best_set = set(best_path)
    scores = [
        {
            "code": c.code,
            "name": c.name,
            "score": run.scores.get(c.code, 0),
            "threshold": c.pass_score,
            "passed": c.pass_score is None or run.scores.get(c.code, 0) >= c.pass_score,
            "max": bounds.maximum.get(c.code),
        }
        for c in graph.competencies
    ]
    taken = []
    for node_key, action in run.path:
        node = graph.node(node_key)
        if action == engine.play.TIMEOUT:
            taken.append(DebriefStep(node.text, node.speaker, "", timed_out=True))
            continue
        choice = node.choice(action)
        taken.append(
            DebriefStep(
                node.text, node.speaker, choice.text, choice.feedback, on_best_path=(node_key, action) in best_set
            )
        )
    best = []
    for node_key, action in best_path:
        node = graph.node(node_key)
        choice = node.choice(action)
        best.append(DebriefStep(node.text, node.speaker, choice.text, choice.feedback, on_best_path=True))
    return Debrief(
        run=run,
        end=graph.node(run.node),
        scores=scores,
        taken=taken,
        best=best,
        pass_total=graph.pass_total,
        not_passed_reasons=_not_passed_reasons(run=run, scores=scores, pass_total=graph.pass_total),
    )


def scenario_export(*, page: ScenarioPage) -> dict:
    """The page as a versioned JSON document (docs/scenario-schema.md)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "estimated_minutes": page.estimated_minutes,
        "is_required": page.is_required,
        **page_graph_dict(page),
    }


def scenarios_for_trainer(*, user: AbstractBaseUser) -> QuerySet[ScenarioPage]:
    """Scenario pages with their run counts, for the trainer's list (two queries however many)."""
    runs = ScenarioRun.objects.filter(user__staff_profile__in=staff_visible_to(user))
    ids = runs.values("pk")
    return (
        ScenarioPage.objects.all()
        .annotate(
            run_count=Count("runs", filter=Q(runs__in=ids), distinct=True),
            finished_count=Count("runs", filter=Q(runs__in=ids, runs__status=RunStatus.FINISHED), distinct=True),
            passed_count=Count("runs", filter=Q(runs__in=ids, runs__passed=True), distinct=True),
        )
        .order_by("path")
    )


@dataclass
class Analytics:
    page: ScenarioPage
    graph: engine.Graph
    runs: int
    finished: int
    passed: int
    nodes: list[dict]
    failing_endings: list[dict]
    by_post: list[dict]
    by_site: list[dict]
    codes: list[tuple[str, str]]


def scenario_analytics(*, page: ScenarioPage, viewer: AbstractBaseUser) -> Analytics:
    """What trainers need to improve a scenario and managers to coach their team, over the runs
    of the staff the viewer may see: for each node the share of each choice taken, the endings
    most often reached in failed runs, and average competency scores by post and by site. Runs
    on older versions of the page count by node and choice key."""
    from scenarios.graphs import page_graph

    graph = page_graph(page)
    runs = ScenarioRun.objects.filter(page=page, user__staff_profile__in=staff_visible_to(viewer))
    counts = Counter(
        (e["node"], e["choice"])
        for e in RunEvent.objects.filter(run__in=runs, kind__in=[EventKind.CHOICE, EventKind.TIMEOUT])
        .values("node", "choice")
        .iterator()
    )
    nodes = []
    for node in graph.nodes:
        if node.is_end:
            continue
        options = [(c.key, c.text) for c in node.choices]
        if node.time_limit:
            options.append(("", "⏱"))
        total = sum(counts[(node.key, k)] for k, _ in options)
        nodes.append(
            {
                "node": node,
                "total": total,
                "choices": [
                    {
                        "key": k,
                        "text": t,
                        "count": counts[(node.key, k)],
                        "percent": round(100 * counts[(node.key, k)] / total) if total else 0,
                    }
                    for k, t in options
                ],
            }
        )
    finished = list(
        runs.filter(status=RunStatus.FINISHED).values(
            "node",
            "outcome",
            "passed",
            "scores",
            "user__staff_profile__post__name",
            "user__staff_profile__site__name",
        )
    )
    fails = Counter(r["node"] for r in finished if not r["passed"])
    failing_endings = []
    for key, count in fails.most_common(10):
        node = graph.node(key)
        failing_endings.append({"key": key, "text": node.text if node else key, "count": count})
    codes = [(c.code, c.name) for c in graph.competencies]

    def averages(field_name: str) -> list[dict]:
        groups: dict[str, list[dict]] = defaultdict(list)
        for r in finished:
            groups[r[field_name] or "—"].append(r["scores"])
        rows = []
        for name, score_list in sorted(groups.items()):
            rows.append(
                {
                    "name": name,
                    "runs": len(score_list),
                    "averages": [
                        round(sum(s.get(code, 0) for s in score_list) / len(score_list), 1) for code, _ in codes
                    ],
                }
            )
        return rows

    return Analytics(
        page=page,
        graph=graph,
        runs=runs.count(),
        finished=len(finished),
        passed=sum(1 for r in finished if r["passed"]),
        nodes=nodes,
        failing_endings=failing_endings,
        by_post=averages("user__staff_profile__post__name"),
        by_site=averages("user__staff_profile__site__name"),
        codes=codes,
    )
