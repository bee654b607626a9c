import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import programme_assign
from tests.factories.courses import ProgrammeCourseFactory

pytestmark = pytest.mark.django_db


def test_a_trainee_gets_their_own_assignments_and_progress(world):
    item = ProgrammeCourseFactory(course=world.course, programme__name="新员工入职培训")
    programme_assign(programme=item.programme, user=world.trainee.user)
    data = world.client("trainee").get("/api/v1/learning/me").json()
    assert [p["programme"] for p in data["programmes"]] == ["新员工入职培训"]
    course = data["programmes"][0]["courses"][0]
    assert course["course_title"] == "投诉处理与沟通技巧"
    assert course["progress_percent"] == 0
    assert data["other_courses"] == []


def test_progress_follows_completed_steps(world):
    data = world.client("other_trainee").get("/api/v1/learning/me").json()
    assert data["other_courses"][0]["progress_percent"] == 50


@pytest.mark.parametrize(
    ("viewer", "allowed"),
    [
        ("trainee", False),
        ("other_trainee", True),  # themselves
        ("trainer", True),
        ("manager_here", True),
        ("manager_elsewhere", False),
        ("hr", True),
    ],
)
def test_someone_elses_progress_only_within_scope(world, viewer, allowed):
    response = world.client(viewer).get(f"/api/v1/learning/users/{world.other_trainee.user.pk}/enrolments")
    if allowed:
        assert response.status_code == 200
        assert response.json()[0]["progress_percent"] == 50
    else:
        assert response.status_code == 404


def test_an_unknown_user_is_404_even_for_hr(world):
    assert world.client("hr").get("/api/v1/learning/users/999999/enrolments").status_code == 404


def test_my_learning_query_count_does_not_grow_with_courses(world, django_assert_max_num_queries):
    from courses.services import course_enrol
    from tests.factories.courses import CoursePageFactory

    client = world.client("trainee")
    with django_assert_max_num_queries(30) as few:
        client.get("/api/v1/learning/me")
    for _ in range(5):
        course_enrol(user=world.trainee.user, course=CoursePageFactory(parent=world.course.get_parent()))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/learning/me")


def test_course_links_take_the_site_from_the_cache(world):
    """The API is outside the Site middleware; building course URLs must still not query the
    Site on every call."""
    client = world.client("trainee")
    first = client.get("/api/v1/learning/me").json()  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/learning/me").json()
    assert again == first
    assert not [q for q in queries.captured_queries if "wagtailcore_site" in q["sql"]]
    courses = [c for p in again["programmes"] for c in p["courses"]] + again["other_courses"]
    assert courses and all(c["course_url"] for c in courses)
