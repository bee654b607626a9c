"""HomePage.route finds a page by its url_path in one lookup, kept in the cache until any page
changes. It must answer exactly as Wagtail's walk down the tree does: the page at the path if it
is live, 404 otherwise."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    client.force_login(StaffProfileFactory().user)
    return client


def test_a_lesson_is_served_at_its_path(signed_in, catalog):
    lesson = LessonPageFactory(parent=CoursePageFactory(parent=catalog), title="报修受理")
    response = signed_in.get(lesson.url)
    assert response.status_code == 200 and "报修受理" in response.content.decode()


def test_an_unpublished_lesson_is_not_found(signed_in, catalog):
    lesson = LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    url = lesson.url
    assert signed_in.get(url).status_code == 200  # now in the cache
    lesson.unpublish()
    assert signed_in.get(url).status_code == 404


def test_a_path_that_is_no_page_is_not_found(signed_in, catalog):
    course = CoursePageFactory(parent=catalog)
    assert signed_in.get(course.url + "no-such-lesson/").status_code == 404
    assert signed_in.get(course.url + "no-such-lesson/deeper/").status_code == 404


def test_a_live_lesson_under_an_unpublished_course_is_served_as_wagtail_does(signed_in, catalog):
    course = CoursePageFactory(parent=catalog)
    lesson = LessonPageFactory(parent=course)
    url = lesson.url
    course.unpublish()
    assert signed_in.get(url).status_code == 200


def test_routing_does_not_grow_with_the_depth_of_the_tree(signed_in, catalog):
    """home → catalogue → course → lesson: the route is found in one lookup whatever the depth
    (Wagtail's walk takes two per level), and after that from the cache, with no page query."""
    lesson = LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    with CaptureQueriesContext(connection) as ctx:
        assert signed_in.get(lesson.url).status_code == 200
    assert len([q for q in ctx.captured_queries if '"url_path" = ' in q["sql"]]) == 1
    with CaptureQueriesContext(connection) as ctx:
        assert signed_in.get(lesson.url).status_code == 200
    assert not [q for q in ctx.captured_queries if 'FROM "wagtailcore_page"' in q["sql"]]


def test_a_published_change_is_served_at_the_next_request(signed_in, catalog):
    lesson = LessonPageFactory(parent=CoursePageFactory(parent=catalog), title="报修受理")
    assert "报修受理" in signed_in.get(lesson.url).content.decode()
    lesson.title = "投诉受理"
    lesson.save_revision().publish()
    assert "投诉受理" in signed_in.get(lesson.url).content.decode()


def test_a_moved_lesson_is_served_at_its_new_path_only(signed_in, catalog):
    first, second = CoursePageFactory(parent=catalog), CoursePageFactory(parent=catalog)
    lesson = LessonPageFactory(parent=first)
    old_url = lesson.url
    assert signed_in.get(old_url).status_code == 200
    lesson.move(second, pos="last-child")
    lesson.refresh_from_db()
    assert signed_in.get(old_url).status_code == 404
    assert signed_in.get(lesson.url).status_code == 200
