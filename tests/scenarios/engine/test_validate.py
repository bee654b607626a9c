"""Every validation rule refuses its broken graph with an error naming the node (and choice)."""

import math

import pytest

from scenarios.engine import graph_from_dict, score_bounds, validate
from tests.factories.scenarios import small_graph


def node(g, key):
    return next(n for n in g["nodes"] if n["key"] == key)


def codes(g):
    return [(e.code, e.node, e.choice) for e in validate(graph_from_dict(g))]


def test_the_small_graph_is_valid():
    assert codes(small_graph()) == []


def test_choice_to_a_missing_node_is_named():
    g = small_graph()
    node(g, "start")["choices"][1]["target"] = "nowhere"
    errors = validate(graph_from_dict(g))
    assert ("missing_target", "start", "argue") in [(e.code, e.node, e.choice) for e in errors]
    assert "nowhere" in str(next(e for e in errors if e.code == "missing_target"))


def test_unreachable_node_is_named():
    g = small_graph()
    g["nodes"].append({"key": "island", "kind": "end", "text": "x", "outcome": "fail"})
    assert ("unreachable", "island", "") in codes(g)


def test_path_that_never_ends_is_named():
    g = small_graph()
    g["nodes"].insert(1, {"key": "limbo", "kind": "dialogue", "text": "…", "choices": []})
    node(g, "start")["choices"][0]["target"] = "limbo"
    found = codes(g)
    assert ("never_ends", "limbo", "") in found
    assert ("no_fallback", "limbo", "") in found


def test_cycle_nothing_can_leave_is_named():
    g = small_graph()
    g["nodes"].insert(
        1,
        {"key": "loop_a", "kind": "dialogue", "text": "a", "choices": [{"key": "x", "text": "x", "target": "loop_b"}]},
    )
    g["nodes"].insert(
        2,
        {"key": "loop_b", "kind": "dialogue", "text": "b", "choices": [{"key": "y", "text": "y", "target": "loop_a"}]},
    )
    node(g, "start")["choices"][1]["target"] = "loop_a"
    errors = validate(graph_from_dict(g))
    cycle = [e for e in errors if e.code == "cycle_no_exit"]
    assert len(cycle) == 1 and "loop_a" in str(cycle[0]) and "loop_b" in str(cycle[0])
    # "angry" is no longer reachable either; the loop itself is not also reported as never ending
    assert not [e for e in errors if e.code == "never_ends" and e.node.startswith("loop")]


def test_a_loop_with_an_exit_is_valid():
    g = small_graph()
    node(g, "angry")["choices"].append({"key": "again", "text": "重来", "target": "start"})
    assert codes(g) == []


def test_condition_on_unknown_competency_is_named():
    g = small_graph()
    node(g, "calm")["choices"][1]["condition"] = "patience >= 2"
    assert ("unknown_competency", "calm", "bonus") in codes(g)


def test_condition_on_unknown_flag_is_named():
    g = small_graph()
    node(g, "calm")["choices"][1]["condition"] = "flag:never_set"
    assert ("unknown_flag", "calm", "bonus") in codes(g)


def test_malformed_condition_is_named():
    g = small_graph()
    node(g, "calm")["choices"][1]["condition"] = "empathize >>> 2"
    assert ("bad_condition", "calm", "bonus") in codes(g)


def test_route_condition_on_unknown_competency_is_named():
    g = small_graph()
    node(g, "calm")["routes"] = [{"condition": "charm > 1", "target": "good_end"}]
    assert ("unknown_competency", "calm", "") in codes(g)


def test_score_change_on_unknown_competency_is_named():
    g = small_graph()
    node(g, "start")["choices"][0]["scores"]["charm"] = 1
    assert ("unknown_competency", "start", "listen") in codes(g)


def test_duplicate_keys_are_named():
    g = small_graph()
    g["nodes"].append(dict(node(g, "bad_end")))
    assert ("duplicate_node", "bad_end", "") in codes(g)
    g = small_graph()
    node(g, "start")["choices"][1]["key"] = "listen"
    assert ("duplicate_choice", "start", "listen") in codes(g)


def test_end_node_rules():
    g = small_graph()
    node(g, "good_end")["outcome"] = ""
    assert ("end_without_outcome", "good_end", "") in codes(g)
    g = small_graph()
    node(g, "good_end")["choices"] = [{"key": "x", "text": "x", "target": "start"}]
    assert ("end_has_exits", "good_end", "") in codes(g)


def test_timer_rules():
    g = small_graph()
    node(g, "calm")["timeout_target"] = ""
    assert ("timeout_without_target", "calm", "") in codes(g)
    g = small_graph()
    node(g, "calm")["timeout_target"] = "ghost"
    assert ("missing_target", "calm", "") in codes(g)


def test_node_whose_every_choice_is_conditional_is_refused():
    g = small_graph()
    node(g, "angry")["choices"][0]["condition"] = "listen > 5"
    assert ("no_fallback", "angry", "") in codes(g)


def test_graph_without_nodes_or_end():
    assert codes({"nodes": []}) == [("no_nodes", "", "")]
    g = {
        "nodes": [{"key": "a", "kind": "dialogue", "text": "x", "choices": [{"key": "c", "text": "c", "target": "a"}]}]
    }
    assert ("no_end", "", "") in codes(g)


def test_messages_are_translatable_templates():
    g = small_graph()
    node(g, "start")["choices"][1]["target"] = "nowhere"
    error = validate(graph_from_dict(g))[0]
    zh = {"Choice “%(key)s”": "选项“%(key)s”"}
    assert error.message(lambda s: zh.get(s, s)).startswith("选项“argue” of node “start”")


def test_score_bounds_per_competency_and_total():
    bounds = score_bounds(graph_from_dict(small_graph()))
    # listen: best listen(2)+promise(1)=3; worst argue(-1)
    assert bounds.maximum["listen"] == 3 and bounds.minimum["listen"] == -1
    # empathize: listen(1)+bonus(2)=3 (conditions ignored); worst argue(-2)
    assert bounds.maximum["empathize"] == 3 and bounds.minimum["empathize"] == -2
    assert bounds.maximum["total"] == 5 and bounds.minimum["total"] == -3


def test_score_bounds_in_a_scoring_loop_are_unbounded():
    g = small_graph()
    node(g, "angry")["choices"].append({"key": "again", "text": "重来", "target": "start", "scores": {"listen": 1}})
    bounds = score_bounds(graph_from_dict(g))
    assert bounds.maximum["listen"] == math.inf
    assert bounds.minimum["empathize"] == -math.inf


@pytest.mark.parametrize("text", ["", "listen >= 1", "not flag:noted or total < 3", "a == 1 and b != 2"])
def test_condition_grammar_accepts(text):
    from scenarios.engine import parse_condition

    parse_condition(text)


def _set(path_fn):
    g = small_graph()
    path_fn(g)
    return g


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda g: node(g, "angry").update(key="bad key!"), ("bad_key", "bad key!", "")),
        (lambda g: node(g, "start")["choices"][0].update(key="no spaces"), ("bad_choice_key", "start", "no spaces")),
        (lambda g: g["competencies"].append({"code": "Bad-Code", "name": "x"}), ("bad_code", "", "")),
        (lambda g: g["competencies"].append({"code": "listen", "name": "again"}), ("duplicate_competency", "", "")),
        (
            lambda g: g["nodes"].insert(0, {"key": "first", "kind": "end", "text": "x", "outcome": "fail"}),
            ("start_is_end", "first", ""),
        ),
        (lambda g: node(g, "angry").update(outcome="fail"), ("outcome_on_non_end", "angry", "")),
        (lambda g: node(g, "angry").update(timeout_target="bad_end"), ("target_without_timeout", "angry", "")),
        (lambda g: node(g, "calm").update(time_limit=1), ("bad_time_limit", "calm", "")),
    ],
)
def test_every_other_rule_names_what_is_wrong(change, expected):
    assert expected in codes(_set(change))


def test_a_pass_threshold_above_the_best_possible_score_is_refused():
    g = small_graph()
    g["competencies"][0]["pass_score"] = 4  # 倾听 reaches 3 at best
    g["pass_total"] = 6  # the best total is 5
    errors = {e.code: e for e in validate(graph_from_dict(g))}
    assert set(errors) == {"pass_score_out_of_reach", "pass_total_out_of_reach"}
    assert "“listen”: the pass threshold 4 is above the best score possible (3)" in str(
        errors["pass_score_out_of_reach"]
    )
    assert "threshold 6 is above the best total possible (5)" in str(errors["pass_total_out_of_reach"])


def test_a_pass_threshold_at_the_best_possible_score_is_valid():
    g = small_graph()
    g["competencies"][0]["pass_score"] = 3
    g["pass_total"] = 5
    assert codes(g) == []


def test_a_negative_pass_threshold_is_refused():
    g = small_graph()
    g["competencies"][0]["pass_score"] = -1
    g["pass_total"] = -2
    assert {code for code, _node, _choice in codes(g)} == {"bad_pass_score", "bad_pass_total"}


def test_a_loop_that_raises_a_score_without_limit_puts_any_threshold_in_reach():
    g = small_graph()
    node(g, "calm")["choices"].append({"key": "again", "text": "再问", "target": "calm", "scores": {"listen": 1}})
    g["competencies"][0]["pass_score"] = 50
    assert codes(g) == []
