"""The scenario graph as immutable dataclasses, and its plain-dict form (the body of the JSON
export, see docs/scenario-schema.md). The first node is the start."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from scenarios.engine.conditions import Condition, ConditionError, parse_condition


class NodeKind(StrEnum):
    SITUATION = "situation"
    DIALOGUE = "dialogue"
    END = "end"


class Outcome(StrEnum):
    SUCCESS = "success"
    PARTIAL = "partial"
    FAIL = "fail"


OUTCOME_RANK = {Outcome.SUCCESS: 3, Outcome.PARTIAL: 2, Outcome.FAIL: 1}


@dataclass(frozen=True)
class Competency:
    code: str
    name: str
    pass_score: int | None = None


@dataclass(frozen=True)
class Choice:
    key: str
    text: str
    target: str
    feedback: str = ""
    condition: str = ""
    scores: dict[str, int] = field(default_factory=dict)
    set_flags: tuple[str, ...] = ()

    def parsed_condition(self) -> Condition | None:
        return _cached_condition(self.condition)


@dataclass(frozen=True)
class Route:
    condition: str
    target: str

    def parsed_condition(self) -> Condition | None:
        return _cached_condition(self.condition)


@dataclass(frozen=True)
class Node:
    key: str
    kind: NodeKind
    text: str
    speaker: str = ""
    image: int | None = None
    audio: int | None = None
    outcome: Outcome | None = None
    debrief: str = ""
    time_limit: int | None = None
    timeout_target: str = ""
    routes: tuple[Route, ...] = ()
    choices: tuple[Choice, ...] = ()

    @property
    def is_end(self) -> bool:
        return self.kind == NodeKind.END

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)

    def edges(self) -> list[tuple[str, str, dict[str, int]]]:
        """(label, target, score changes) for every way out of this node."""
        out = [(f"choice {c.key}", c.target, c.scores) for c in self.choices]
        out += [(f"route {i + 1}", r.target, {}) for i, r in enumerate(self.routes)]
        if self.time_limit and self.timeout_target:
            out.append(("timeout", self.timeout_target, {}))
        return out


@dataclass(frozen=True)
class Graph:
    nodes: tuple[Node, ...]
    competencies: tuple[Competency, ...] = ()
    allow_back: bool = False
    pass_total: int | None = None
    _index: dict[str, Node] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        index = self._index
        index.clear()
        for node in self.nodes:
            index.setdefault(node.key, node)

    @property
    def start_key(self) -> str:
        return self.nodes[0].key if self.nodes else ""

    def node(self, key: str) -> Node | None:
        return self._index.get(key)

    @property
    def competency_codes(self) -> list[str]:
        return [c.code for c in self.competencies]

    @property
    def flags(self) -> set[str]:
        return {flag for n in self.nodes for c in n.choices for flag in c.set_flags}


_condition_cache: dict[str, Condition | None] = {}


def _cached_condition(text: str) -> Condition | None:
    """Conditions are parsed once per distinct text; a malformed one raises ConditionError
    (validation reports it; a validated graph never reaches play with one)."""
    try:
        return _condition_cache[text]
    except KeyError:
        parsed = parse_condition(text)
        if len(_condition_cache) < 10_000:
            _condition_cache[text] = parsed
        return parsed


def _opt_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


def graph_from_dict(data: dict[str, Any]) -> Graph:
    """Build a graph from its dict form. Shape errors (a missing key, a wrong type) raise
    KeyError/TypeError/ValueError; callers that take outside input check the shape first
    (scenarios.schema) so those become readable messages."""
    nodes = []
    for n in data.get("nodes", []):
        choices = tuple(
            Choice(
                key=str(c["key"]),
                text=c.get("text", ""),
                target=c.get("target", ""),
                feedback=c.get("feedback", ""),
                condition=c.get("condition", "") or "",
                scores={str(k): int(v) for k, v in (c.get("scores") or {}).items()},
                set_flags=tuple(c.get("set_flags") or ()),
            )
            for c in n.get("choices", [])
        )
        routes = tuple(Route(condition=r.get("condition", "") or "", target=r["target"]) for r in n.get("routes", []))
        outcome = n.get("outcome") or None
        nodes.append(
            Node(
                key=str(n["key"]),
                kind=NodeKind(n.get("kind", NodeKind.SITUATION)),
                text=n.get("text", ""),
                speaker=n.get("speaker", "") or "",
                image=_opt_int(n.get("image")),
                audio=_opt_int(n.get("audio")),
                outcome=Outcome(outcome) if outcome else None,
                debrief=n.get("debrief", "") or "",
                time_limit=_opt_int(n.get("time_limit")),
                timeout_target=n.get("timeout_target", "") or "",
                routes=routes,
                choices=choices,
            )
        )
    competencies = tuple(
        Competency(code=c["code"], name=c.get("name", c["code"]), pass_score=_opt_int(c.get("pass_score")))
        for c in data.get("competencies", [])
    )
    return Graph(
        nodes=tuple(nodes),
        competencies=competencies,
        allow_back=bool(data.get("allow_back", False)),
        pass_total=_opt_int(data.get("pass_total")),
    )


def graph_to_dict(graph: Graph) -> dict[str, Any]:
    """The dict form; graph_from_dict(graph_to_dict(g)) == g."""
    return {
        "allow_back": graph.allow_back,
        "pass_total": graph.pass_total,
        "competencies": [{"code": c.code, "name": c.name, "pass_score": c.pass_score} for c in graph.competencies],
        "nodes": [
            {
                "key": n.key,
                "kind": str(n.kind),
                "speaker": n.speaker,
                "text": n.text,
                "image": n.image,
                "audio": n.audio,
                "outcome": str(n.outcome) if n.outcome else "",
                "debrief": n.debrief,
                "time_limit": n.time_limit,
                "timeout_target": n.timeout_target,
                "routes": [{"condition": r.condition, "target": r.target} for r in n.routes],
                "choices": [
                    {
                        "key": c.key,
                        "text": c.text,
                        "target": c.target,
                        "feedback": c.feedback,
                        "condition": c.condition,
                        "scores": dict(c.scores),
                        "set_flags": list(c.set_flags),
                    }
                    for c in n.choices
                ],
            }
            for n in graph.nodes
        ],
    }


__all__ = ["ConditionError", "Choice", "Competency", "Graph", "Node", "NodeKind", "Outcome", "Route"]
