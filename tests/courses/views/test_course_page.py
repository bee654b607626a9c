import pytest

from courses.services import lesson_mark_done, programme_assign
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ProgrammeCourseFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


def test_the_course_page_shows_my_progress_and_where_to_resume(client, catalog):
    course = CoursePageFactory(parent=catalog, title="投诉处理")
    first = LessonPageFactory(parent=course, title="第一课")
    second = LessonPageFactory(parent=course, title="第二课")
    me = StaffProfileFactory().user
    lesson_mark_done(user=me, lesson=first)
    client.force_login(me)
    html = client.get(course.url).content.decode()
    assert 'value="50"' in html
    assert f'href="{second.url}" id="resume"' in html


def test_someone_elses_progress_is_not_shown_on_my_course_page(client, catalog):
    course = CoursePageFactory(parent=catalog)
    lesson = LessonPageFactory(parent=course)
    LessonPageFactory(parent=course)
    other, me = StaffProfileFactory().user, StaffProfileFactory().user
    lesson_mark_done(user=other, lesson=lesson)
    client.force_login(me)
    html = client.get(course.url).content.decode()
    assert 'value="0"' in html
    assert "step-done" not in html


def test_course_and_lesson_pages_need_a_login(client, catalog):
    course = CoursePageFactory(parent=catalog)
    lesson = LessonPageFactory(parent=course)
    for url in (catalog.url, course.url, lesson.url):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_draft_lessons_are_not_listed(client, catalog):
    course = CoursePageFactory(parent=catalog)
    LessonPageFactory(parent=course, title="已发布")
    LessonPageFactory(parent=course, title="草稿课时", live=False)
    client.force_login(StaffProfileFactory().user)
    html = client.get(course.url).content.decode()
    assert "已发布" in html
    assert "草稿课时" not in html


def test_the_course_page_takes_a_constant_number_of_queries(client, catalog, count_queries):
    course = CoursePageFactory(parent=catalog)
    first = LessonPageFactory(parent=course)
    me = StaffProfileFactory().user
    item = ProgrammeCourseFactory(course=course)
    programme_assign(programme=item.programme, user=me)
    lesson_mark_done(user=me, lesson=first)
    client.force_login(me)
    few = count_queries(client, course.url)

    lessons = [LessonPageFactory(parent=course) for _ in range(15)]
    for lesson in lessons[:6]:
        lesson_mark_done(user=me, lesson=lesson)
    for _ in range(5):
        CoursePageFactory(parent=catalog)
    for _ in range(8):
        lesson_mark_done(user=StaffProfileFactory().user, lesson=lessons[0])

    assert count_queries(client, course.url) == few


def test_the_lesson_page_takes_a_constant_number_of_queries(client, catalog, count_queries):
    course = CoursePageFactory(parent=catalog)
    lesson = LessonPageFactory(parent=course)
    LessonPageFactory(parent=course)
    me = StaffProfileFactory().user
    client.force_login(me)
    few = count_queries(client, lesson.url)
    for _ in range(12):
        LessonPageFactory(parent=course)
    lesson_mark_done(user=me, lesson=lesson)
    assert count_queries(client, lesson.url) == few


def test_the_catalogue_lists_published_courses_in_a_constant_number_of_queries(client, catalog, count_queries):
    CoursePageFactory(parent=catalog, title="已发布课程", summary="一句话简介")
    CoursePageFactory(parent=catalog, title="草稿课程", live=False)
    client.force_login(StaffProfileFactory().user)
    html = client.get(catalog.url).content.decode()
    assert "已发布课程" in html and "一句话简介" in html
    assert "草稿课程" not in html
    few = count_queries(client, catalog.url)
    for _ in range(12):
        LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    assert count_queries(client, catalog.url) == few
