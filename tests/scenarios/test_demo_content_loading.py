"""The scenario loader fills the import format's defaults and names the file and node at fault."""

import pytest

from core.demo_data import DemoDataError
from scenarios.demo.content import scenario_document_load

HEAD = """course: complaints
slug: s
title: 演练
intro: 简介
estimated_minutes: 5
competencies:
  - {code: listen, name: 倾听, pass_score: 1}
nodes:
"""


def test_defaults_are_filled_in(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        HEAD
        + "  - key: start\n    kind: dialogue\n    text: 您好\n    choices:\n      - {key: a, text: 好, target: done}\n"
        + "  - {key: done, kind: end, outcome: success, text: 完, debrief: 总结}\n",
        encoding="utf-8",
    )
    course, document = scenario_document_load(path=path)
    assert course == "complaints"
    assert document["format"] == "psa-scenario" and document["allow_back"] is False
    start = document["nodes"][0]
    assert start["speaker"] == "" and start["time_limit"] is None and start["routes"] == []
    assert start["choices"][0] == {
        "key": "a",
        "text": "好",
        "target": "done",
        "feedback": "",
        "condition": "",
        "scores": {},
        "set_flags": [],
    }


def test_a_choice_without_a_target_names_the_node_and_choice(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        HEAD + "  - key: start\n    kind: dialogue\n    text: 您好\n    choices:\n      - {key: a, text: 好}\n",
        encoding="utf-8",
    )
    with pytest.raises(DemoDataError, match=r"s\.yaml: nodes\[0\] “start” choices\[0\] is missing target"):
        scenario_document_load(path=path)
