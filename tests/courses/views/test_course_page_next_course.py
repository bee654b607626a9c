"""The "next course" button on a finished course's page (templates/courses/course_page.html)."""

import pytest
from django.urls import reverse

from courses.services import lesson_mark_done, programme_assign
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_courses(catalog):
    programme = ProgrammeFactory(name="新员工入职培训")
    courses = []
    for order, title in enumerate(("企业文化", "客户服务礼仪"), start=1):
        course = CoursePageFactory(parent=catalog, title=title)
        LessonPageFactory(parent=course)
        ProgrammeCourseFactory(programme=programme, course=course, day=order, sort_order=order)
        courses.append(course)
    return programme, courses


def _finish(user, course) -> None:
    for lesson in course.get_children().specific():
        lesson_mark_done(user=user, lesson=lesson)


def test_a_finished_course_links_to_the_next_course_of_the_programme(client, two_courses):
    programme, (first, second) = two_courses
    me = StaffProfileFactory().user
    programme_assign(programme=programme, user=me)
    _finish(me, first)
    client.force_login(me)
    html = client.get(first.url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f'href="{second.url}" id="next-course"' in html
    assert "下一门课程：客户服务礼仪" in html
    assert "新员工入职培训" in html


def test_an_unfinished_course_has_no_next_course_button(client, two_courses):
    programme, (first, _second) = two_courses
    me = StaffProfileFactory().user
    programme_assign(programme=programme, user=me)
    client.force_login(me)
    assert 'id="next-course"' not in client.get(first.url).content.decode()


def test_the_last_course_finished_leads_back_to_my_learning(client, two_courses):
    programme, courses = two_courses
    me = StaffProfileFactory().user
    programme_assign(programme=programme, user=me)
    for course in courses:
        _finish(me, course)
    client.force_login(me)
    html = client.get(courses[-1].url).content.decode()
    assert f'href="{reverse("courses:my_learning")}" id="next-course"' in html
    assert 'id="all-courses-done"' in html
