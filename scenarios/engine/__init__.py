"""The scenario engine: a branching role-play as a plain-Python graph, with no database access.

Pages, imports and runs all turn their data into a `Graph` and ask the engine to validate it,
bound its scores, and step a play through it. Keeping this pure makes validation of a 500-node
graph and a single play step cheap, and lets property-based tests exercise it directly."""

from scenarios.engine.conditions import Condition, ConditionError, parse_condition  # noqa: F401
from scenarios.engine.graph import (  # noqa: F401
    Choice,
    Competency,
    Graph,
    Node,
    NodeKind,
    Outcome,
    Route,
    graph_from_dict,
    graph_to_dict,
)
from scenarios.engine.play import (  # noqa: F401
    ChoiceNotAvailable,
    PlayError,
    PlayState,
    RunResult,
    back,
    best_path,
    choose,
    evaluate,
    replay,
    start,
    timeout,
    visible_choices,
)
from scenarios.engine.validate import GraphError, ScoreBounds, score_bounds, validate  # noqa: F401
