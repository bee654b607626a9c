"""Property-based: any graph built to the rules validates; breaking it in any of the ways the
rules forbid is refused with an error of that kind naming the broken node."""

from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import engine
from scenarios.engine import graph_from_dict, validate

COMPETENCIES = ["listen", "empathize", "act"]


@st.composite
def valid_graphs(draw):
    """A chain of n dialogue nodes (each with a 'forward' choice to the next, so every node is
    reachable and can end), random extra choices anywhere (loops included), random conditions
    on extra choices, and ends hung off random nodes."""
    n = draw(st.integers(min_value=1, max_value=25))
    ends = draw(st.integers(min_value=1, max_value=4))
    keys = [f"n{i}" for i in range(n)]
    end_keys = [f"end{i}" for i in range(ends)]
    flag_pool = ["f1", "f2"]
    nodes = []
    for i, key in enumerate(keys):
        nxt = keys[i + 1] if i + 1 < n else end_keys[0]
        choices = [
            {
                "key": "forward",
                "text": "→",
                "target": nxt,
                "scores": {c: draw(st.integers(-3, 3)) for c in draw(st.sets(st.sampled_from(COMPETENCIES)))},
                "set_flags": draw(st.lists(st.sampled_from(flag_pool), max_size=1)),
            }
        ]
        for j in range(draw(st.integers(0, 3))):
            condition = draw(
                st.sampled_from(
                    ["", "listen >= 1", "not flag:f1", "total < 2 or act > 0", "flag:f1 and empathize != 0"]
                )
            )
            choices.append(
                {
                    "key": f"x{j}",
                    "text": "?",
                    "target": draw(st.sampled_from(keys + end_keys)),
                    "condition": condition,
                    "scores": {draw(st.sampled_from(COMPETENCIES)): draw(st.integers(-2, 2))},
                }
            )
        node = {"key": key, "kind": draw(st.sampled_from(["situation", "dialogue"])), "text": key, "choices": choices}
        if draw(st.booleans()):
            node["time_limit"] = draw(st.integers(3, 120))
            node["timeout_target"] = draw(st.sampled_from(end_keys))
        nodes.append(node)
    for k in end_keys[1:]:
        hang = draw(st.sampled_from(nodes))
        hang["choices"].append({"key": f"to_{k}", "text": "!", "target": k})
    for k in end_keys:
        nodes.append(
            {"key": k, "kind": "end", "text": k, "outcome": draw(st.sampled_from(["success", "partial", "fail"]))}
        )
    return {
        "competencies": [{"code": c, "name": c} for c in COMPETENCIES],
        "nodes": nodes,
        "flags_used": ["f1"],
    }


def _graph(data):
    data = {k: v for k, v in data.items() if k != "flags_used"}
    # "not flag:f1"/"flag:f1" need some choice to set f1
    data["nodes"][0]["choices"][0]["set_flags"] = ["f1"]
    return graph_from_dict(data)


@settings(max_examples=150, deadline=None)
@given(valid_graphs())
def test_random_valid_graphs_pass_and_can_be_played_to_an_end(data):
    graph = _graph(data)
    assert validate(graph) == []
    state = engine.start(graph)
    for _ in range(200):
        if graph.node(state.node).is_end:
            break
        options = engine.visible_choices(graph, state)
        forward = next((c for c in options if c.key == "forward"), None)
        state = engine.choose(graph, state, forward.key if forward else options[0].key)[0]
    assert graph.node(state.node).is_end
    result = engine.evaluate(graph, state)
    bounds = engine.score_bounds(graph)
    for code in COMPETENCIES:
        assert bounds.minimum[code] <= result.scores[code] <= bounds.maximum[code]


BREAKS = ["missing_target", "unreachable", "cycle_no_exit", "unknown_competency", "unknown_flag", "never_ends"]


@settings(max_examples=150, deadline=None)
@given(valid_graphs(), st.sampled_from(BREAKS), st.data())
def test_random_broken_graphs_are_refused_with_a_named_error(data, breakage, draw):
    nodes = data["nodes"]
    inner = [n for n in nodes if n["kind"] != "end"]
    victim = draw.draw(st.sampled_from(inner))
    if breakage == "missing_target":
        victim["choices"][0]["target"] = "ghost"
    elif breakage == "unreachable":
        victim = {"key": "orphan", "kind": "end", "text": "o", "outcome": "fail"}
        nodes.append(victim)
    elif breakage == "cycle_no_exit":
        # a two-node loop reached from the victim with no way out
        victim["choices"].append({"key": "trap", "text": "t", "target": "loop1"})
        nodes.append(
            {"key": "loop1", "kind": "dialogue", "text": "1", "choices": [{"key": "a", "text": "a", "target": "loop2"}]}
        )
        nodes.append(
            {"key": "loop2", "kind": "dialogue", "text": "2", "choices": [{"key": "b", "text": "b", "target": "loop1"}]}
        )
        victim = {"key": "loop1"}
    elif breakage == "never_ends":
        victim["choices"].append({"key": "dead", "text": "d", "target": "deadend"})
        nodes.append(
            {"key": "deadend", "kind": "dialogue", "text": "d", "routes": [{"condition": "", "target": "sink"}]}
        )
        nodes.append({"key": "sink", "kind": "situation", "text": "s", "time_limit": 5, "timeout_target": "sink"})
        victim = {"key": "deadend"}
    elif breakage == "unknown_competency":
        victim["choices"][-1]["condition"] = "charisma >= 1"
        victim["choices"][-1]["key"] = victim["choices"][-1]["key"]
    elif breakage == "unknown_flag":
        victim["choices"][-1]["condition"] = "flag:nobody_sets_this"
    errors = validate(_graph(data))
    assert errors, breakage
    assert any(e.code == breakage and e.node == victim["key"] for e in errors), (breakage, [str(e) for e in errors])
    assert all(str(e) for e in errors)
