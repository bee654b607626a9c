"""Twine stories import into playable scenarios: a Twee 3 file and a Twine 2 published HTML file
(fixtures written from the Twee 3 and Twine 2 HTML output specifications) become draft scenarios
whose runs start at the start passage and follow the links, and what a scenario cannot hold is
reported by passage."""

from pathlib import Path

import pytest
from django.utils import translation

from scenarios.models import RunStatus
from scenarios.selectors import scenario_export
from scenarios.services import scenario_import, scenario_run_choose, scenario_run_start
from scenarios.twine import NotTwine, _link, parse_twee, twine_import
from tests.factories.courses import CoursePageFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def imported(name: str, course):
    twine = twine_import((FIXTURES / name).read_bytes(), filename=name)
    return scenario_import(data=twine.document, user=None, parent=course), twine.notes


def play(page, user, choices: list[str]):
    run = scenario_run_start(user=user, page=page, restart=True)
    for key in choices:
        run = scenario_run_choose(run=run, choice_key=key).run
    return run


@pytest.mark.parametrize(
    ("body", "link"),
    [
        ("先安抚->安抚", ("先安抚", "安抚")),
        ("安抚<-先安抚", ("先安抚", "安抚")),
        ("先安抚|安抚", ("先安抚", "安抚")),
        ("安抚", ("安抚", "安抚")),
        ("a->b->c", ("a->b", "c")),  # the rightmost arrow, as Twine reads it
        ("c<-b<-a", ("b<-a", "c")),  # the leftmost arrow
    ],
)
def test_the_four_link_forms(body, link):
    assert _link(body) == link


def test_twee_passage_headers_with_tags_metadata_and_escapes():
    story = parse_twee(
        ':: StoryData\n{"start": "A [1]"}\n\n:: A \\[1\\] [tag1 tag2] {"position":"1,1"}\nText\n[[B]]\n\n:: B\nEnd\n'
    )
    assert [p.name for p in story.passages] == ["StoryData", "A [1]", "B"]
    assert story.passages[1].tags == ["tag1", "tag2"] and story.passages[1].text == "Text\n[[B]]"
    assert story.start == "A [1]"


def test_a_twee_3_story_becomes_a_playable_scenario(catalog, trainee):
    course = CoursePageFactory(parent=catalog)
    page, notes = imported("lift_rescue.twee", course)
    doc = scenario_export(page=page)
    assert doc["title"] == "电梯困人应急处置"
    start = doc["nodes"][0]
    assert start["text"].startswith("下午三点") and [c["text"] for c in start["choices"]] == [
        "先安抚被困业主",
        "直接去机房盘车",
        "打电话给主管",
    ]
    assert {n["key"]: n["outcome"] for n in doc["nodes"] if n["kind"] == "end"} == {"p3": "fail", "p5": "success"}
    good = play(page, trainee, ["c1", "c1"])
    assert (good.status, good.outcome) == (RunStatus.FINISHED, "success")
    via_supervisor = play(page, trainee, ["c3", "c1", "c1"])
    assert via_supervisor.outcome == "success"
    bad = play(page, trainee, ["c2"])
    assert (bad.status, bad.outcome) == (RunStatus.FINISHED, "fail")


def test_a_twee_3_story_reports_what_it_could_not_carry_over(catalog):
    _page, notes = imported("lift_rescue.twee", CoursePageFactory(parent=catalog))
    assert notes == [
        "Passage “StoryInit” is a story format's special passage and was left out.",
        "The story's JavaScript and stylesheet were left out.",
        "Passage “接警”: macros <<set>> were left out.",
        "Passage “接警”: images were left out; add them in the editor.",
        "Passage “安抚”: macros <<if>> were left out.",
        "Passage “安抚”: variables $calm are not kept; the text shows them as written.",
        "Passage “安抚”: the link “通知维保单位” sets variables; only the link was kept.",
        "Passage “草稿笔记” cannot be reached from the start and was left out.",
        "Passage names that are not node keys became: 接警 → p1; 安抚 → p2; 盘车 → p3; 主管 → p4; 维保到场 → p5.",
        "Passage “主管”: the link to “录像” leads to no passage and was left out.",
    ]


def test_a_twine_2_published_story_becomes_a_playable_scenario(catalog, trainee):
    page, notes = imported("leak_complaint.html", CoursePageFactory(parent=catalog))
    doc = scenario_export(page=page)
    assert doc["title"] == "业主投诉：楼上漏水"
    assert [n["key"] for n in doc["nodes"]] == ["Start", "Listen", "Argue", "Visit"]
    assert doc["nodes"][0]["text"] == '业主张女士打来电话："楼上漏水，我家天花板都湿了！"\n她的语气还算克制。'
    assert doc["nodes"][1]["kind"] == "dialogue"
    run = play(page, trainee, ["c1", "c2", "c1", "c1"])  # listen, start again, listen, visit
    assert (run.status, run.outcome) == (RunStatus.FINISHED, "success")
    assert play(page, trainee, ["c2"]).outcome == "fail"
    assert notes == [
        "The story's JavaScript and stylesheet were left out.",
        "Passage “Start”: macros (set:), (if:) were left out.",
        "Passage “Start”: hooks are shown as plain text, always.",
        "Passage “Start”: images were left out; add them in the editor.",
        "Passage “Listen”: hooks are shown as plain text, always.",
        "Passage “Visit”: macros (link-goto:) were left out.",
        "Passage “Unused” cannot be reached from the start and was left out.",
    ]


def test_an_ending_without_an_outcome_tag_is_partial_and_said_so():
    twine = twine_import(":: Start\n开始\n[[结束]]\n\n:: 结束\n完\n".encode(), filename="s.twee")
    assert twine.document["nodes"][1]["outcome"] == "partial"
    assert "Passage “结束” is an ending without a tag success, partial or fail: it was set to partial." in twine.notes


def test_round_brackets_are_words_outside_harlowe():
    story = ':: StoryData\n{"start": "S", "format": "SugarCube"}\n\n:: S\n(Note: be polite) <% x %>\n[[E]]\n\n:: E [success]\nok\n'
    twine = twine_import(story.encode(), filename="s.twee")
    assert twine.document["nodes"][0]["text"] == "(Note: be polite)"
    assert "Passage “S”: macros <% %> were left out." in twine.notes


@pytest.mark.parametrize("data", [b"just some text", "no passages here".encode("utf-16")])
def test_other_files_are_refused(data):
    with pytest.raises(NotTwine):
        twine_import(data, filename="x.txt")
