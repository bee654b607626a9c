import copy

import factory
import wagtail_factories

from scenarios.graphs import graph_dict_to_streams
from scenarios.models import ScenarioPage
from tests.factories.courses import CoursePageFactory

# A small complaint call: listen well and the owner calms down (success); argue and it fails;
# the middle node is timed, and a route sends a high-empathy player to a bonus node.
SMALL_GRAPH = {
    "allow_back": True,
    "pass_total": 2,
    "competencies": [
        {"code": "listen", "name": "倾听", "pass_score": 1},
        {"code": "empathize", "name": "共情", "pass_score": None},
    ],
    "nodes": [
        {
            "key": "start",
            "kind": "dialogue",
            "speaker": "业主",
            "text": "电梯又坏了！",
            "choices": [
                {
                    "key": "listen",
                    "text": "请您慢慢说，我记录一下。",
                    "target": "calm",
                    "feedback": "先倾听，做得好。",
                    "scores": {"listen": 2, "empathize": 1},
                    "set_flags": ["noted"],
                },
                {
                    "key": "argue",
                    "text": "这不归我们管。",
                    "target": "angry",
                    "feedback": "推诿会激化矛盾。",
                    "scores": {"listen": -1, "empathize": -2},
                },
            ],
        },
        {
            "key": "calm",
            "kind": "dialogue",
            "speaker": "业主",
            "text": "那你们什么时候来修？",
            "time_limit": 30,
            "timeout_target": "angry",
            "choices": [
                {
                    "key": "promise",
                    "text": "工程师三十分钟内到场。",
                    "target": "good_end",
                    "feedback": "给出明确时限。",
                    "scores": {"listen": 1},
                },
                {
                    "key": "bonus",
                    "text": "我亲自陪您过去看看。",
                    "target": "good_end",
                    "feedback": "首问负责。",
                    "condition": "flag:noted and empathize >= 1",
                    "scores": {"empathize": 2},
                },
            ],
        },
        {
            "key": "angry",
            "kind": "dialogue",
            "speaker": "业主",
            "text": "我要投诉你们！",
            "choices": [{"key": "sorry", "text": "对不起。", "target": "bad_end", "feedback": "太迟了。"}],
        },
        {"key": "good_end", "kind": "end", "text": "业主满意。", "outcome": "success", "debrief": "闭环处理。"},
        {"key": "bad_end", "kind": "end", "text": "业主投诉。", "outcome": "fail", "debrief": "先倾听再解释。"},
    ],
}


def small_graph() -> dict:
    return copy.deepcopy(SMALL_GRAPH)


class ScenarioPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ScenarioPage

    class Params:
        graph = factory.LazyFunction(small_graph)

    title = factory.Sequence(lambda n: f"情景演练{n}")
    parent = factory.SubFactory(CoursePageFactory)
    allow_back = factory.LazyAttribute(lambda o: o.graph.get("allow_back", False))
    pass_total = factory.LazyAttribute(lambda o: o.graph.get("pass_total"))
    competencies = factory.LazyAttribute(lambda o: graph_dict_to_streams(o.graph)[0])
    nodes = factory.LazyAttribute(lambda o: graph_dict_to_streams(o.graph)[1])
