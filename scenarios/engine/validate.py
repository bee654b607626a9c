"""Graph validation and score bounds.

Every error names the node (and choice) it is about, so the author can find it. Reachability
and "can this path end" are structural: they follow every choice, route and timeout edge and
ignore conditions. To guarantee a play can never get stuck at run time, each non-end node must
have a way out that no condition can hide (an unconditional choice or route, or a timeout)."""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from scenarios.engine.conditions import ConditionError, parse_condition
from scenarios.engine.graph import Graph, NodeKind


def gettext_noop(message: str) -> str:
    """Marks a msgid for makemessages without importing Django (the engine runs without settings)."""
    return message


KEY_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

# Message templates (English msgids; translated by the Django layer). %(node)s, %(choice)s, …
MESSAGES = {
    "no_nodes": gettext_noop("The scenario has no nodes."),
    "no_end": gettext_noop("The scenario has no end node."),
    "bad_key": gettext_noop("Node key “%(node)s” must be 1–40 letters, digits, - or _."),
    "bad_choice_key": gettext_noop("Choice “%(choice)s” of node “%(node)s”: key must be 1–40 letters, digits, - or _."),
    "bad_code": gettext_noop(
        "Competency code “%(code)s” must be a lowercase slug (letters, digits, _), starting with a letter."
    ),
    "duplicate_competency": gettext_noop("Competency code “%(code)s” is used twice."),
    "duplicate_node": gettext_noop("Node key “%(node)s” is used twice."),
    "duplicate_choice": gettext_noop("Node “%(node)s” has two choices with key “%(choice)s”."),
    "start_is_end": gettext_noop("The first node “%(node)s” is the start and cannot be an end node."),
    "end_without_outcome": gettext_noop("End node “%(node)s” needs an outcome (success, partial or fail)."),
    "end_has_exits": gettext_noop("End node “%(node)s” cannot have choices, routes or a timeout."),
    "outcome_on_non_end": gettext_noop("Node “%(node)s” has an outcome but is not an end node."),
    "missing_target": gettext_noop("%(edge)s of node “%(node)s” leads to “%(target)s”, which does not exist."),
    "timeout_without_target": gettext_noop("Node “%(node)s” has a time limit but no timeout target."),
    "target_without_timeout": gettext_noop("Node “%(node)s” has a timeout target but no time limit."),
    "bad_time_limit": gettext_noop("Node “%(node)s”: the time limit must be between 3 and 3600 seconds."),
    "bad_condition": gettext_noop(
        "%(edge)s of node “%(node)s”: the condition cannot read “%(clause)s”: "
        "write e.g. “empathize >= 2” or “flag:called_119”."
    ),
    "unknown_competency": gettext_noop("%(edge)s of node “%(node)s” uses unknown competency “%(code)s”."),
    "unknown_flag": gettext_noop("%(edge)s of node “%(node)s” tests flag “%(flag)s”, which no choice sets."),
    "no_fallback": gettext_noop(
        "Node “%(node)s” has no way out that is always available: add a choice or route without a condition, or a timeout."
    ),
    "unreachable": gettext_noop("Node “%(node)s” cannot be reached from the start."),
    "never_ends": gettext_noop("From node “%(node)s” no path leads to an end node."),
    "cycle_no_exit": gettext_noop("Nodes %(nodes)s form a loop that nothing can leave."),
    "bad_pass_score": gettext_noop("Competency “%(code)s”: the pass threshold cannot be negative."),
    "bad_pass_total": gettext_noop("The overall pass threshold cannot be negative."),
    "pass_score_out_of_reach": gettext_noop(
        "Competency “%(code)s”: the pass threshold %(threshold)s is above the best score possible (%(best)s), "
        "so nobody can pass."
    ),
    "pass_total_out_of_reach": gettext_noop(
        "The overall pass threshold %(threshold)s is above the best total possible (%(best)s), so nobody can pass."
    ),
}


@dataclass(frozen=True)
class GraphError:
    code: str
    node: str = ""
    choice: str = ""
    params: dict = field(default_factory=dict)

    @property
    def template(self) -> str:
        return MESSAGES[self.code]

    def message(self, translate: Callable[[str], str] = str) -> str:
        """The message, with templates passed through `translate` (Django's gettext in the app)."""
        context = {"node": self.node, "choice": self.choice, **self.params}
        if "edge_kind" in self.params:
            context["edge"] = translate(EDGE_LABELS[self.params["edge_kind"]]) % {"key": self.params["edge_key"]}
        return translate(self.template) % context

    def __str__(self) -> str:
        return self.message()


EDGE_LABELS = {
    "choice": gettext_noop("Choice “%(key)s”"),
    "route": gettext_noop("Route %(key)s"),
    "timeout": gettext_noop("Timeout"),
}


def _edge(kind: str, key: str = "") -> dict:
    return {"edge_kind": kind, "edge_key": key}


def _check_local(graph: Graph) -> list[GraphError]:
    errors: list[GraphError] = []
    codes = set()
    for comp in graph.competencies:
        if not CODE_RE.match(comp.code):
            errors.append(GraphError("bad_code", params={"code": comp.code}))
        if comp.code in codes:
            errors.append(GraphError("duplicate_competency", params={"code": comp.code}))
        codes.add(comp.code)
    flags = graph.flags
    seen: set[str] = set()
    for node in graph.nodes:
        if not KEY_RE.match(node.key):
            errors.append(GraphError("bad_key", node=node.key))
        if node.key in seen:
            errors.append(GraphError("duplicate_node", node=node.key))
        seen.add(node.key)
        if node.kind == NodeKind.END:
            if node.outcome is None:
                errors.append(GraphError("end_without_outcome", node=node.key))
            if node.choices or node.routes or node.time_limit or node.timeout_target:
                errors.append(GraphError("end_has_exits", node=node.key))
            continue
        if node.outcome is not None:
            errors.append(GraphError("outcome_on_non_end", node=node.key))
        if node.time_limit is not None:
            if not 3 <= node.time_limit <= 3600:
                errors.append(GraphError("bad_time_limit", node=node.key))
            if not node.timeout_target:
                errors.append(GraphError("timeout_without_target", node=node.key))
        elif node.timeout_target:
            errors.append(GraphError("target_without_timeout", node=node.key))
        choice_keys: set[str] = set()
        always_open = bool(node.time_limit and node.timeout_target)
        edges = [("choice", c.key, c.target, c.condition, c.scores) for c in node.choices]
        edges += [("route", str(i + 1), r.target, r.condition, {}) for i, r in enumerate(node.routes)]
        for choice in node.choices:
            if not KEY_RE.match(choice.key):
                errors.append(GraphError("bad_choice_key", node=node.key, choice=choice.key))
            if choice.key in choice_keys:
                errors.append(GraphError("duplicate_choice", node=node.key, choice=choice.key))
            choice_keys.add(choice.key)
        for kind, key, target, condition_text, scores in edges:
            label = _edge(kind, key)
            choice = key if kind == "choice" else ""
            if graph.node(target) is None:
                errors.append(
                    GraphError("missing_target", node=node.key, choice=choice, params={**label, "target": target})
                )
            for code in scores:
                if code not in codes:
                    errors.append(
                        GraphError("unknown_competency", node=node.key, choice=choice, params={**label, "code": code})
                    )
            try:
                condition = parse_condition(condition_text)
            except ConditionError as exc:
                errors.append(
                    GraphError(
                        "bad_condition",
                        node=node.key,
                        choice=choice,
                        params={**label, "detail": str(exc), "clause": exc.clause},
                    )
                )
                continue
            if condition is None:
                always_open = True
                continue
            for code in sorted(condition.competencies - codes):
                errors.append(
                    GraphError("unknown_competency", node=node.key, choice=choice, params={**label, "code": code})
                )
            for flag in sorted(condition.flags - flags):
                errors.append(GraphError("unknown_flag", node=node.key, choice=choice, params={**label, "flag": flag}))
        if node.timeout_target and graph.node(node.timeout_target) is None:
            errors.append(
                GraphError("missing_target", node=node.key, params={**_edge("timeout"), "target": node.timeout_target})
            )
        if not always_open:
            errors.append(GraphError("no_fallback", node=node.key))
    return errors


def _adjacency(graph: Graph) -> dict[str, list[str]]:
    return {n.key: [t for _, t, _ in n.edges() if graph.node(t) is not None] for n in graph.nodes}


def strongly_connected(adj: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative. SCCs come out successors-first (reverse topological)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in adj:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            succ = adj[v]
            if i < len(succ):
                work.append((v, i + 1))
                w = succ[i]
                if w not in index:
                    work.append((w, 0))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                result.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return result


def _check_structure(graph: Graph) -> list[GraphError]:
    errors: list[GraphError] = []
    adj = _adjacency(graph)
    start = graph.start_key
    reach = {start}
    todo = [start]
    while todo:
        for t in adj[todo.pop()]:
            if t not in reach:
                reach.add(t)
                todo.append(t)
    reverse: dict[str, list[str]] = {k: [] for k in adj}
    for k, targets in adj.items():
        for t in targets:
            reverse[t].append(k)
    ends = [n.key for n in graph.nodes if n.is_end]
    can_end = set(ends)
    todo = list(ends)
    while todo:
        for s in reverse[todo.pop()]:
            if s not in can_end:
                can_end.add(s)
                todo.append(s)
    for node in graph.nodes:
        if node.key not in reach:
            errors.append(GraphError("unreachable", node=node.key))
    trapped = {k for k in reach if k not in can_end}
    if not trapped:
        return errors
    reported: set[str] = set()
    for comp in strongly_connected(adj):
        members = set(comp)
        if not members & trapped:
            continue
        is_cycle = len(comp) > 1 or comp[0] in adj[comp[0]]
        leaves = any(t not in members for k in comp for t in adj[k])
        if is_cycle and not leaves:
            ordered = [n.key for n in graph.nodes if n.key in members]
            errors.append(
                GraphError("cycle_no_exit", node=ordered[0], params={"nodes": ", ".join(f"“{k}”" for k in ordered)})
            )
            reported |= members
    for node in graph.nodes:
        if node.key in trapped and node.key not in reported:
            errors.append(GraphError("never_ends", node=node.key))
    return errors


def validate(graph: Graph) -> list[GraphError]:
    """All problems that make the graph unplayable; an empty list means it is valid."""
    if not graph.nodes:
        return [GraphError("no_nodes")]
    errors = _check_local(graph)
    if not any(n.is_end for n in graph.nodes):
        errors.append(GraphError("no_end"))
    if graph.nodes[0].is_end:
        errors.append(GraphError("start_is_end", node=graph.nodes[0].key))
    if any(e.code == "duplicate_node" for e in errors):
        return errors  # the structure of a graph with ambiguous keys means nothing
    errors += _check_structure(graph)
    if not errors:
        errors += _check_pass_thresholds(graph)
    return errors


def _check_pass_thresholds(graph: Graph) -> list[GraphError]:
    """Each pass threshold within its range: not negative, and not above the best score the graph
    can give (then the scenario could never be passed). Needs a valid structure for the bounds."""
    errors: list[GraphError] = []
    best = score_bounds(graph).maximum
    for comp in graph.competencies:
        if comp.pass_score is None:
            continue
        if comp.pass_score < 0:
            errors.append(GraphError("bad_pass_score", params={"code": comp.code}))
        elif comp.pass_score > best.get(comp.code, 0):
            errors.append(
                GraphError(
                    "pass_score_out_of_reach",
                    params={"code": comp.code, "threshold": comp.pass_score, "best": _bound(best.get(comp.code, 0))},
                )
            )
    if graph.pass_total is not None:
        if graph.pass_total < 0:
            errors.append(GraphError("bad_pass_total"))
        elif graph.pass_total > best.get("total", 0):
            errors.append(
                GraphError(
                    "pass_total_out_of_reach",
                    params={"threshold": graph.pass_total, "best": _bound(best.get("total", 0))},
                )
            )
    return errors


def _bound(value: float) -> int | float:
    return int(value) if value == int(value) else value


@dataclass(frozen=True)
class ScoreBounds:
    """Lowest and highest score reachable at an end, per competency code and for "total".
    math.inf / -math.inf mean a loop can raise / lower it without limit."""

    minimum: dict[str, float]
    maximum: dict[str, float]

    def rows(self) -> list[tuple[str, float, float]]:
        return [(code, self.minimum[code], self.maximum[code]) for code in self.minimum]


def score_bounds(graph: Graph) -> ScoreBounds:
    """Bounds over every structural path from the start to an end (conditions ignored, so they
    are bounds, not guarantees). Exact on acyclic graphs; in a loop, a competency that some edge
    of the loop raises is unbounded above (and below if some edge lowers it)."""
    adj_edges = {n.key: [(t, s) for _, t, s in n.edges() if graph.node(t) is not None] for n in graph.nodes}
    adj = {k: [t for t, _ in v] for k, v in adj_edges.items()}
    comps = strongly_connected(adj)
    comp_of = {k: i for i, comp in enumerate(comps) for k in comp}
    codes = [*graph.competency_codes, "total"]
    minimum: dict[str, float] = {}
    maximum: dict[str, float] = {}
    start = graph.start_key
    if not start:
        return ScoreBounds(dict.fromkeys(codes, 0), dict.fromkeys(codes, 0))

    def delta(scores: dict[str, int], code: str) -> int:
        return sum(scores.values()) if code == "total" else scores.get(code, 0)

    for code in codes:
        best_hi: list[float | None] = [None] * len(comps)
        best_lo: list[float | None] = [None] * len(comps)
        for i, comp in enumerate(comps):  # successors first
            members = set(comp)
            hi = lo = None
            if any(graph.node(k).is_end for k in comp):
                hi = lo = 0.0
            up = down = False
            for k in comp:
                for t, scores in adj_edges[k]:
                    d = delta(scores, code)
                    if t in members:
                        up |= d > 0
                        down |= d < 0
                        continue
                    j = comp_of[t]
                    if best_hi[j] is None:
                        continue
                    hi = d + best_hi[j] if hi is None else max(hi, d + best_hi[j])
                    lo = d + best_lo[j] if lo is None else min(lo, d + best_lo[j])
            if hi is not None:
                best_hi[i] = math.inf if up else hi
                best_lo[i] = -math.inf if down else lo
        s = comp_of[start]
        maximum[code] = best_hi[s] if best_hi[s] is not None else 0
        minimum[code] = best_lo[s] if best_lo[s] is not None else 0
    return ScoreBounds(minimum=minimum, maximum=maximum)
