"""Stepping a play through a validated graph. A play state is a value: each step returns a new
state, and `replay` rebuilds any state from its path, which is how "back" works and why a run
can be stored as its transcript alone.

Routing: when a node is entered, its routes are checked in order and the first whose condition
holds moves the play on at once (the node is not shown). A node shown to the player offers the
choices whose conditions hold."""

from dataclasses import dataclass, field, replace

from scenarios.engine.graph import OUTCOME_RANK, Choice, Graph, Node, Outcome

TIMEOUT = "__timeout__"


class PlayError(Exception):
    pass


class ChoiceNotAvailable(PlayError):
    """The choice does not exist here, is hidden by its condition, or the play is over."""


@dataclass(frozen=True)
class PlayState:
    node: str
    scores: dict[str, int]
    flags: frozenset[str] = frozenset()
    # (node key, choice key or TIMEOUT) for every step taken, in order
    path: tuple[tuple[str, str], ...] = ()
    # every node entered, including routing nodes passed through
    visited: tuple[str, ...] = ()

    @property
    def can_go_back(self) -> bool:
        return bool(self.path)


@dataclass(frozen=True)
class RunResult:
    outcome: Outcome
    scores: dict[str, int]
    total: int
    passed: bool
    competency_passed: dict[str, bool] = field(default_factory=dict)


def _enter(graph: Graph, state: PlayState, key: str) -> PlayState:
    visited = list(state.visited)
    for _ in range(len(graph.nodes) + 1):
        visited.append(key)
        node = graph.node(key)
        if node is None:
            raise PlayError(f"node {key} does not exist")
        target = next(
            (
                r.target
                for r in node.routes
                if (c := r.parsed_condition()) is None or c.holds(state.scores, state.flags)
            ),
            None,
        )
        if target is None:
            return replace(state, node=key, visited=tuple(visited))
        key = target
    raise PlayError("routes loop without showing a node")


def start(graph: Graph) -> PlayState:
    state = PlayState(node=graph.start_key, scores=dict.fromkeys(graph.competency_codes, 0))
    return _enter(graph, state, graph.start_key)


def current_node(graph: Graph, state: PlayState) -> Node:
    node = graph.node(state.node)
    if node is None:
        raise PlayError(f"node {state.node} does not exist")
    return node


def visible_choices(graph: Graph, state: PlayState) -> list[Choice]:
    node = current_node(graph, state)
    return [c for c in node.choices if (cond := c.parsed_condition()) is None or cond.holds(state.scores, state.flags)]


def choose(graph: Graph, state: PlayState, choice_key: str) -> tuple[PlayState, Choice]:
    node = current_node(graph, state)
    if node.is_end:
        raise ChoiceNotAvailable("the scenario has ended")
    choice = next((c for c in visible_choices(graph, state) if c.key == choice_key), None)
    if choice is None:
        raise ChoiceNotAvailable(f"choice {choice_key} is not available at {node.key}")
    scores = dict(state.scores)
    for code, points in choice.scores.items():
        scores[code] = scores.get(code, 0) + points
    moved = replace(
        state,
        scores=scores,
        flags=state.flags | frozenset(choice.set_flags),
        path=(*state.path, (node.key, choice.key)),
    )
    return _enter(graph, moved, choice.target), choice


def timeout(graph: Graph, state: PlayState) -> PlayState:
    """The time limit of the current node ran out: take its timeout branch."""
    node = current_node(graph, state)
    if not (node.time_limit and node.timeout_target):
        raise PlayError(f"node {node.key} has no time limit")
    moved = replace(state, path=(*state.path, (node.key, TIMEOUT)))
    return _enter(graph, moved, node.timeout_target)


def replay(graph: Graph, path: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> PlayState:
    """The state after taking `path` from the start; raises PlayError if the path does not fit."""
    state = start(graph)
    for node_key, action in path:
        if state.node != node_key:
            raise PlayError(f"path expects {node_key} but the play is at {state.node}")
        state = timeout(graph, state) if action == TIMEOUT else choose(graph, state, action)[0]
    return state


def back(graph: Graph, state: PlayState) -> PlayState:
    """Undo the last step (scores and flags included). Callers check graph.allow_back."""
    if not state.path:
        raise PlayError("already at the start")
    return replay(graph, state.path[:-1])


def evaluate(graph: Graph, state: PlayState) -> RunResult:
    """The result at an end node. Passing needs an outcome other than fail, every competency at
    or above its own threshold, and the total at or above the overall threshold."""
    node = current_node(graph, state)
    if not node.is_end or node.outcome is None:
        raise PlayError("the play has not reached an end")
    total = sum(state.scores.values())
    per = {c.code: c.pass_score is None or state.scores.get(c.code, 0) >= c.pass_score for c in graph.competencies}
    passed = (
        node.outcome != Outcome.FAIL and all(per.values()) and (graph.pass_total is None or total >= graph.pass_total)
    )
    return RunResult(outcome=node.outcome, scores=dict(state.scores), total=total, passed=passed, competency_passed=per)


def best_path(graph: Graph) -> list[tuple[str, str]]:
    """The path a model answer takes: to the best outcome, then the highest total, then the
    fewest steps. Loops are cut (an edge back to a node on the current path is ignored) and
    conditions are ignored, so it is a guide for the debrief, not a proof. Never sent to the
    player before the end."""
    best: dict[str, tuple[tuple[int, int, int], list[tuple[str, str]]] | None] = {}
    on_path: set[str] = set()

    def solve(key: str) -> tuple[tuple[int, int, int], list[tuple[str, str]]] | None:
        if key in best:
            return best[key]
        node = graph.node(key)
        if node is None:
            return None
        if node.is_end:
            result = ((OUTCOME_RANK[node.outcome] if node.outcome else 0, 0, 0), [])
            best[key] = result
            return result
        on_path.add(key)
        result = None
        options = [(c.key, c.target, sum(c.scores.values())) for c in node.choices]
        options += [("", r.target, 0) for r in node.routes]
        for action, target, gain in options:
            if target in on_path:
                continue
            sub = solve(target)
            if sub is None:
                continue
            (rank, total, length), steps = sub
            candidate = ((rank, total + gain, length - 1), [(key, action), *steps] if action else steps)
            if result is None or candidate[0] > result[0]:
                result = candidate
        on_path.discard(key)
        best[key] = result
        return result

    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * len(graph.nodes) + 100))
    try:
        found = solve(graph.start_key)
    finally:
        sys.setrecursionlimit(limit)
    return found[1] if found else []
