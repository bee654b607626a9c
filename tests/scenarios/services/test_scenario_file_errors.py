"""A refused scenario file is explained in the reader's language, each problem naming the node (and
choice or route) it is about: schema errors, graph errors and missing media alike."""

import re

import pytest
from django.utils import translation

from scenarios.schema import SchemaError
from scenarios.selectors import scenario_export
from scenarios.services import InvalidScenario, scenario_import

pytestmark = pytest.mark.django_db
ENGLISH_WORD = re.compile(
    r"\b(?!(?:text|key|kind|scores|listen|format|version|title|nodes|choices|routes|target|condition|psa|scenario|situation|dialogue|end|e|g|flag|called_119|empathize|nowhere|start|calm|lots|surprise|monologue)\b)[A-Za-z]{3,}\b"
)


def refused(scenario, change) -> list[str]:
    doc = scenario_export(page=scenario)
    change(doc)
    with pytest.raises((SchemaError, InvalidScenario)) as exc:
        scenario_import(data=doc, user=None, parent=scenario.get_parent())
    return exc.value.errors


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["nodes"][0]["choices"][0].update(text="长" * 2001),
            "节点“start”的选项“listen”：“text”超过 2000 个字符。（nodes[0].choices[0].text）",
        ),
        (
            lambda d: d["nodes"][1].update(kind="monologue"),
            "节点“calm”：“kind”只能是 “situation”, “dialogue”, “end” 之一。",
        ),
        (lambda d: d["nodes"][0].pop("text"), "节点“start”：缺少“text”。（nodes[0].text）"),
        (
            lambda d: d["nodes"][0]["choices"][0].update(scores={"listen": "lots"}),
            "节点“start”的选项“listen”：“scores.listen”必须是整数。",
        ),
        (lambda d: d["nodes"][0].update(key="有空格 的键"), "：“key”必须由 1–40 个字母、数字、- 或 _ 组成。"),
        (lambda d: d.update(surprise=True), "文件：“surprise”不是情景文件格式中的字段。（surprise）"),
        (lambda d: d.update(version=2), "文件：不支持版本 2（本站读取版本 1）。（version）"),
        (lambda d: d.update(format="other"), "文件：“format”必须是“psa-scenario”。（format）"),
        (lambda d: d["nodes"][0].update(time_limit=1), "节点“start”：“time_limit”不能小于 3。"),
    ],
)
def test_schema_errors_are_chinese_and_name_the_node(scenario, change, expected):
    with translation.override("zh-hans"):
        errors = refused(scenario, change)
    assert any(expected in e for e in errors), errors
    assert not any(ENGLISH_WORD.search(e) for e in errors), errors


def test_schema_errors_are_english_for_an_english_reader(scenario):
    with translation.override("en"):
        errors = refused(scenario, lambda d: d["nodes"][0]["choices"][0].update(text="x" * 2001))
    assert errors == [
        "Node “start”, choice “listen”: “text” is longer than 2000 characters. (nodes[0].choices[0].text)"
    ]


def test_graph_errors_are_chinese_and_name_the_node(scenario):
    with translation.override("zh-hans"):
        errors = refused(scenario, lambda d: d["nodes"][0]["choices"][0].update(target="nowhere", condition="bonus"))
    assert any("节点“start”" in e and "nowhere" in e for e in errors), errors
    assert any("节点“start”" in e and "条件无法识别“bonus”" in e for e in errors), errors
    assert not any("cannot read" in e for e in errors)


def test_a_missing_image_names_its_node(scenario):
    with translation.override("zh-hans"):
        errors = refused(scenario, lambda d: d["nodes"][1].update(image=987654))
    assert errors == ["节点“calm”：本站不存在图片 987654。"]
