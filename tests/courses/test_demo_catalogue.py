"""The demo catalogue trains every post (issue #19): a 岗位培训 course for each of the six posts, each
with real lessons, a chapter quiz of at least 15 questions with explanations and a scenario or
timed drill, a programme that reaches the post's new hires; and every course states the hours its
lessons take."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from courses import demo as courses_demo
from courses.demo_content import COURSES, ONBOARDING, POST_COURSES, POST_PROGRAMMES
from courses.models import CatalogPage, CoursePage, LessonPage, Programme, ProgrammeAssignment
from org import demo as org_demo
from org.models import Post, Site
from org.services import staff_upsert
from quizzes.demo_content import BANKS, COURSE_QUIZZES
from scenarios.demo.content import SCENARIOS

# The six posts the issue names, by their code in the demo organisation.
SIX_POSTS = {
    "gongcheng": "工程",
    "anbao": "秩序/安保",
    "baojie": "保洁",
    "lvhua": "绿化",
    "kefu": "客服",
    "guanli": "项目经理",
}
ALL_COURSES = [*COURSES, *POST_COURSES]
HOURS_TOLERANCE = Decimal("0.2")


def _post_courses_of(post: str) -> list[dict]:
    return [course for course in POST_COURSES if course["kind"] == "post" and post in course["posts"]]


def _minutes(course: dict) -> int:
    return sum(lesson["minutes"] for lesson in course["lessons"])


@pytest.mark.parametrize("post", SIX_POSTS)
def test_each_of_the_six_posts_has_a_post_course_and_a_programme_that_assigns_it(post):
    courses = _post_courses_of(post)
    assert courses, f"no 岗位培训 course for {SIX_POSTS[post]}"
    slugs = {course["slug"] for course in courses}
    programmes = [plan for plan in POST_PROGRAMMES if post in plan["posts"] and slugs & set(plan["days"])]
    assert programmes, f"no post programme for {SIX_POSTS[post]} holds its course"


@pytest.mark.parametrize("course", POST_COURSES, ids=[c["slug"] for c in POST_COURSES])
def test_each_post_course_has_lessons_of_real_content(course):
    assert len(course["lessons"]) >= 3
    assert len(course["objectives"]) >= 3
    for lesson in course["lessons"]:
        assert lesson["minutes"] >= 10
        assert len(lesson["body"]) >= 3, lesson["slug"]
        assert len(str(lesson["body"])) >= 600, f"{lesson['slug']} is too thin for {lesson['minutes']} minutes"


@pytest.mark.parametrize("course", POST_COURSES, ids=[c["slug"] for c in POST_COURSES])
def test_each_post_course_has_a_chapter_quiz_of_at_least_15_questions_with_explanations(course):
    slug = course["slug"]
    assert slug in BANKS, f"no question bank for {slug}"
    _name, questions = BANKS[slug]
    assert len(questions) >= 15
    assert all(question["explanation"].strip() for question in questions)
    assert len({question["type"] for question in questions}) >= 4, "a mix of question types"
    assert 15 <= COURSE_QUIZZES[slug]["draw"] <= len(questions)


@pytest.mark.parametrize("course", POST_COURSES, ids=[c["slug"] for c in POST_COURSES])
def test_each_post_course_has_a_scenario_or_timed_drill(course):
    documents = [document for slug, document in SCENARIOS if slug == course["slug"]]
    assert documents, f"no scenario or drill in {course['slug']}"
    branching = any(len(node["choices"]) > 1 for document in documents for node in document["nodes"])
    assert branching


@pytest.mark.parametrize("course", ALL_COURSES, ids=[c["slug"] for c in ALL_COURSES])
def test_every_course_states_the_hours_its_lessons_take_within_a_fifth(course):
    minutes = _minutes(course)
    stated = Decimal(course["hours"]) * 60
    assert abs(stated - minutes) <= HOURS_TOLERANCE * minutes, (
        f"{course['slug']} says {course['hours']} h for {minutes} minutes of lessons"
    )


def test_the_onboarding_programme_adds_up_to_the_hours_of_its_lessons():
    # The programme used to imply 36 h (the sum of its courses' stated hours) for about 6.4 h.
    courses = [course for course in COURSES if course["slug"] in ONBOARDING["days"]]
    stated = sum(Decimal(course["hours"]) for course in courses) * 60
    minutes = sum(_minutes(course) for course in courses)
    assert abs(stated - minutes) <= HOURS_TOLERANCE * minutes


@pytest.mark.django_db
def test_the_demo_publishes_the_post_courses_in_the_catalogue_and_a_new_hire_gets_the_posts_programme():
    org_demo.build()
    courses_demo.build()
    catalog = CatalogPage.objects.get(slug="courses")
    for spec in POST_COURSES:
        course = CoursePage.objects.child_of(catalog).live().get(slug=spec["slug"])
        assert course.kind == "post"
        assert course.estimated_hours == Decimal(spec["hours"])
        assert sorted(course.target_posts.values_list("code", flat=True)) == sorted(spec["posts"])
        assert LessonPage.objects.child_of(course).live().count() == len(spec["lessons"])
    programme = Programme.objects.get(name="工程岗位培训")
    assert list(programme.auto_assign_posts.values_list("code", flat=True)) == ["gongcheng"]

    profile, _created = staff_upsert(
        employee_number="YG299",
        name="新工程师",
        post=Post.objects.get(code="gongcheng"),
        site=Site.objects.get(code="YG"),
        hire_date=timezone.localdate() - dt.timedelta(days=1),
    )
    assigned = set(ProgrammeAssignment.objects.filter(user=profile.user).values_list("programme__name", flat=True))
    assert {"工程岗位培训", ONBOARDING["name"]} <= assigned
    assert "保洁岗位培训" not in assigned
