"""Playing a graph: scoring, flags, conditions, routes, timeouts, back, evaluation, best path."""

import pytest

from scenarios import engine
from scenarios.engine import graph_from_dict, graph_to_dict
from tests.factories.scenarios import small_graph


@pytest.fixture
def graph():
    return graph_from_dict(small_graph())


def test_choices_add_scores_and_set_flags(graph):
    state, choice = engine.choose(graph, engine.start(graph), "listen")
    assert choice.feedback == "先倾听，做得好。"
    assert state.node == "calm"
    assert state.scores == {"listen": 2, "empathize": 1}
    assert state.flags == {"noted"}


def test_a_choice_is_shown_only_when_its_condition_holds(graph):
    calm_after_listening, _ = engine.choose(graph, engine.start(graph), "listen")
    assert [c.key for c in engine.visible_choices(graph, calm_after_listening)] == ["promise", "bonus"]
    hidden = engine.PlayState(node="calm", scores={"listen": 0, "empathize": 0})
    assert [c.key for c in engine.visible_choices(graph, hidden)] == ["promise"]
    with pytest.raises(engine.ChoiceNotAvailable):
        engine.choose(graph, hidden, "bonus")


def test_a_choice_from_another_node_is_refused(graph):
    with pytest.raises(engine.ChoiceNotAvailable):
        engine.choose(graph, engine.start(graph), "promise")


def test_routes_move_on_at_once_when_their_condition_holds():
    data = small_graph()
    calm = next(n for n in data["nodes"] if n["key"] == "calm")
    calm["routes"] = [{"condition": "listen >= 2", "target": "good_end"}]
    graph = graph_from_dict(data)
    state, _ = engine.choose(graph, engine.start(graph), "listen")
    assert state.node == "good_end"
    assert state.visited == ("start", "calm", "good_end")
    state, _ = engine.choose(graph, engine.start(graph), "argue")
    assert state.node == "angry"


def test_timeout_takes_the_timeout_branch(graph):
    state, _ = engine.choose(graph, engine.start(graph), "listen")
    state = engine.timeout(graph, state)
    assert state.node == "angry"
    assert state.path[-1] == ("calm", engine.play.TIMEOUT)


def test_back_restores_scores_and_flags(graph):
    state, _ = engine.choose(graph, engine.start(graph), "listen")
    state = engine.back(graph, state)
    assert state.node == "start" and state.scores == {"listen": 0, "empathize": 0} and not state.flags


def test_evaluate_uses_outcome_and_thresholds(graph):
    state, _ = engine.choose(graph, engine.start(graph), "listen")
    state, _ = engine.choose(graph, state, "promise")
    result = engine.evaluate(graph, state)
    assert result.outcome == "success" and result.total == 4 and result.passed
    state = engine.replay(graph, [("start", "argue"), ("angry", "sorry")])
    result = engine.evaluate(graph, state)
    assert result.outcome == "fail" and not result.passed
    assert result.competency_passed == {"listen": False, "empathize": True}


def test_success_below_a_threshold_does_not_pass():
    data = small_graph()
    data["competencies"][1]["pass_score"] = 3
    graph = graph_from_dict(data)
    state = engine.replay(graph, [("start", "listen"), ("calm", "promise")])
    assert not engine.evaluate(graph, state).passed
    state = engine.replay(graph, [("start", "listen"), ("calm", "bonus")])
    assert engine.evaluate(graph, state).passed


def test_best_path_reaches_the_best_outcome_with_the_most_points(graph):
    assert engine.best_path(graph) == [("start", "listen"), ("calm", "bonus")]


def test_dict_round_trip(graph):
    assert graph_from_dict(graph_to_dict(graph)) == graph
