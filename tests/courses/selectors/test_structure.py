"""The course structure is read from the shared cache, and any change to the page tree is seen
by the next read: a new step, an unpublished one, a moved one, a renamed course."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.selectors import course_outline, course_required_step_ids, step_context, step_next
from courses.structure import GENERATION_KEY, STRUCTURE_KEY, course_structure
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalog):
    course = CoursePageFactory(parent=catalog, title="消防安全")
    for title in ("第一课", "第二课", "第三课"):
        LessonPageFactory(parent=course, title=title)
    return course


def titles(course) -> list[str]:
    return [step.title for step in course_structure(course_path=course.path).steps]


def test_a_warm_structure_takes_no_query(course):
    course_structure(course_path=course.path)
    with CaptureQueriesContext(connection) as ctx:
        structure = course_structure(course_path=course.path)
    assert len(ctx) == 0
    assert [s.title for s in structure.steps] == ["第一课", "第二课", "第三课"]
    assert structure.title == "消防安全" and structure.steps[0].kind_label == "lesson"


def test_a_step_page_reads_only_whether_it_is_done(course):
    user = UserFactory()
    second = course.get_children().specific()[1]
    step_context(step=second, user=user)
    with CaptureQueriesContext(connection) as ctx:
        context = step_context(step=second, user=user)
    assert len(ctx) == 1 and "courses_stepcompletion" in ctx.captured_queries[0]["sql"]
    assert (context["step_index"], context["step_count"]) == (2, 3)
    assert context["previous_step"].title == "第一课" and context["next_step"].title == "第三课"
    assert context["course"].title == "消防安全" and context["course"].url_path == course.url_path


def test_a_new_step_is_seen_at_once(course):
    assert titles(course) == ["第一课", "第二课", "第三课"]
    LessonPageFactory(parent=course, title="第四课")
    assert titles(course) == ["第一课", "第二课", "第三课", "第四课"]


def test_an_unpublished_step_leaves_the_outline_and_the_required_steps(course):
    user = UserFactory()
    third = course.get_children().specific()[2]
    assert len(course_outline(course=course, user=user).items) == 3
    third.unpublish()
    assert [i.step.title for i in course_outline(course=course, user=user).items] == ["第一课", "第二课"]
    assert third.pk not in course_required_step_ids(course=course)
    assert step_next(step=course.get_children().specific()[1]) is None


def test_an_optional_step_stops_counting_once_saved(course):
    first = course.get_children().specific()[0]
    first.is_required = False
    first.save_revision().publish()
    assert first.pk not in course_required_step_ids(course=course)
    assert len(course_required_step_ids(course=course)) == 2


def test_a_moved_step_changes_both_courses(course, catalog):
    other = CoursePageFactory(parent=catalog, title="礼仪")
    assert titles(other) == []
    course.get_children().specific()[0].move(other, pos="last-child")
    assert titles(course) == ["第二课", "第三课"]
    assert titles(other) == ["第一课"]


def test_a_renamed_course_shows_its_new_title_on_its_steps(course):
    first = course.get_children().specific()[0]
    step_context(step=first, user=UserFactory())
    course.title = "消防安全（新版）"
    course.save_revision().publish()
    assert step_context(step=first, user=UserFactory())["course"].title == "消防安全（新版）"


def test_a_structure_built_before_a_change_committed_is_never_served(course):
    """A slow reader reads the generation, then the tree; a change commits meanwhile and starts a
    new generation; the reader then stores what it read. The next read must not serve it."""
    stale = course_structure(course_path=course.path)
    old_generation = cache.get(GENERATION_KEY)
    LessonPageFactory(parent=course, title="第四课")  # the change, with its new generation
    cache.set(STRUCTURE_KEY.format(generation=old_generation, path=course.path), stale)  # the slow write
    assert titles(course)[-1] == "第四课"


def test_saving_anything_but_a_page_keeps_the_structure(course):
    course_structure(course_path=course.path)
    generation = cache.get(GENERATION_KEY)
    UserFactory()
    assert cache.get(GENERATION_KEY) == generation
