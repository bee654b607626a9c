import pytest

from courses.services import course_enrol, lesson_mark_done, programme_assign
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


def add_programme(*, catalog, user, courses: int, lessons: int):
    programme = ProgrammeFactory()
    for day in range(1, courses + 1):
        course = CoursePageFactory(parent=catalog)
        steps = [LessonPageFactory(parent=course) for _ in range(lessons)]
        ProgrammeCourseFactory(programme=programme, course=course, day=day, sort_order=day)
    programme_assign(programme=programme, user=user)
    lesson_mark_done(user=user, lesson=steps[0])
    return programme


def test_my_learning_shows_my_programme_with_progress_and_due_dates(client, catalog):
    me = StaffProfileFactory().user
    programme = add_programme(catalog=catalog, user=me, courses=2, lessons=2)
    client.force_login(me)
    html = client.get("/learning/").content.decode()
    assert programme.name in html
    assert 'value="50"' in html  # the course with one of two lessons done
    assert 'value="25"' in html  # the programme: (50 + 0) / 2


def test_my_learning_does_not_show_other_peoples_assignments(client, catalog):
    me, other = StaffProfileFactory().user, StaffProfileFactory().user
    theirs = add_programme(catalog=catalog, user=other, courses=1, lessons=1)
    client.force_login(me)
    response = client.get("/learning/")
    assert theirs.name not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/learning/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_learning_takes_a_constant_number_of_queries(client, catalog, count_queries):
    me = StaffProfileFactory().user
    add_programme(catalog=catalog, user=me, courses=1, lessons=1)
    client.force_login(me)
    few = count_queries(client, "/learning/")

    for _ in range(3):
        add_programme(catalog=catalog, user=me, courses=4, lessons=3)
    for _ in range(3):
        course_enrol(user=me, course=CoursePageFactory(parent=catalog))
    for _ in range(10):  # other staff with their own progress
        add_programme(catalog=catalog, user=StaffProfileFactory().user, courses=1, lessons=2)

    assert count_queries(client, "/learning/") == few
