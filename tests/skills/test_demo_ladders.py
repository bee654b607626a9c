"""Every post of the demo organisation climbs a four-level ladder (初级 to 专家, issue #19) whose
criteria use the post's own course, its quiz and its scenario, and every criterion names something
the demo builds and can actually be met."""

import pytest

from courses import demo as courses_demo
from courses.demo_content import COURSES, POST_COURSES
from org import demo as org_demo
from quizzes import demo as quizzes_demo
from quizzes.demo_content import BANKS, QUIZ_PAGES
from scenarios import demo as scenarios_demo
from scenarios import engine
from scenarios.demo.content import SCENARIOS
from scenarios.schema import scenario_file_parse
from skills import demo as skills_demo
from skills.demo_content import FRAMEWORK, LADDERS, LEVELS, RUBRICS, ladder_criteria
from skills.models import LevelLadder

POSTS = [code for code, _name, _order in org_demo.POSTS]
COURSE_SLUGS = {course["slug"] for course in [*COURSES, *POST_COURSES]}
COMPETENCIES = {c["code"] for area in FRAMEWORK for c in area["competencies"]}
PRACTICAL = {rubric["competency"] for rubric in RUBRICS["rubrics"] if rubric["kind"] == "practical"}
DOCUMENTS = {document["slug"]: document for _course, document in SCENARIOS}
ALL_CRITERIA = [
    (post, level, criterion)
    for post in LADDERS["ladders"]
    for level in LEVELS
    for criterion in ladder_criteria(LADDERS, post=post, level=level)
]


def _best_scores(slug: str) -> dict[str, int]:
    graph = engine.graph_from_dict(scenario_file_parse(DOCUMENTS[slug]))
    return dict(engine.replay(graph, engine.best_path(graph)).scores)


@pytest.mark.parametrize("post", POSTS)
def test_every_post_has_a_ladder_from_junior_to_expert(post):
    assert post in LADDERS["ladders"], f"no ladder for {post}"
    for level in LEVELS:
        criteria = ladder_criteria(LADDERS, post=post, level=level)
        assert any(c["kind"] not in ("months", "sign_off") for c in criteria), f"{post} level {level}"


@pytest.mark.parametrize("course", POST_COURSES, ids=[c["slug"] for c in POST_COURSES])
def test_each_post_ladder_asks_for_its_post_course_and_its_quiz(course):
    for post in course["posts"]:
        kinds = {c["kind"] for p, _level, c in ALL_CRITERIA if p == post and c.get("course") == course["slug"]}
        assert "quiz" in kinds, f"{post} never asks for a score in the quiz of {course['slug']}"


def test_the_post_ladders_use_the_post_scenarios():
    scenario_courses = {document["slug"]: course for course, document in SCENARIOS}
    for post in ("gongcheng", "anbao", "baojie", "lvhua", "kefu", "guanli"):
        used = {c["scenario"] for p, _l, c in ALL_CRITERIA if p == post and c.get("scenario")}
        post_courses = {course["slug"] for course in POST_COURSES if post in course["posts"]}
        assert {scenario_courses[slug] for slug in used} & post_courses, f"{post} uses none of its post scenarios"


@pytest.mark.parametrize(
    ("post", "level", "criterion"), ALL_CRITERIA, ids=[f"{p}-{lv}-{c['kind']}" for p, lv, c in ALL_CRITERIA]
)
def test_a_criterion_names_what_the_demo_builds_and_can_be_met(post, level, criterion):
    if "course" in criterion:
        assert criterion["course"] in COURSE_SLUGS
    if criterion["kind"] == "quiz":
        assert criterion["course"] in BANKS or criterion["course"] == QUIZ_PAGES["final_exam"]["course"]
        assert 0 < criterion["threshold"] <= 100
    if "competency" in criterion:
        assert criterion["competency"] in COMPETENCIES
    if criterion["kind"] == "practical":
        assert criterion["competency"] in PRACTICAL, "no practical rubric can pass this criterion"
    if criterion["kind"] == "scenario":
        assert criterion["scenario"] in DOCUMENTS
        best = _best_scores(criterion["scenario"]).get(criterion["competency"])
        assert best is not None, f"{criterion['scenario']} does not score {criterion['competency']}"
        assert criterion["threshold"] <= best, "the threshold is out of reach of the scenario's best play"


def test_the_ladder_competencies_are_in_the_framework():
    for post, ladder in LADDERS["ladders"].items():
        assert set(ladder["competencies"]) <= COMPETENCIES, post


@pytest.mark.django_db
def test_the_demo_builds_every_criterion_of_every_ladder():
    org_demo.build()
    courses_demo.build()
    quizzes_demo.build()
    scenarios_demo.build()
    skills_demo.build()
    for post in POSTS:
        ladder = LevelLadder.objects.get(post__code=post)
        built = sorted(ladder.criteria.values_list("level", flat=True))
        expected = sorted(level for p, level, _c in ALL_CRITERIA if p == post)
        assert built == expected, f"{post}: a criterion was skipped because what it names was not built"
    scenario_criteria = LevelLadder.objects.get(post__code="gongcheng").criteria.filter(kind="scenario")
    assert [c.page.slug for c in scenario_criteria] == ["lift-entrapment-drill"]
