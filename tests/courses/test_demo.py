import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Revision

from courses import demo as courses_demo
from courses.demo_content import COURSES
from courses.models import CourseEnrolment, CoursePage, LessonPage, Programme, ProgrammeAssignment, StepCompletion
from org import demo as org_demo

pytestmark = pytest.mark.django_db


def build():
    org_demo.build()
    courses_demo.build()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Revision, Programme, ProgrammeAssignment, CourseEnrolment, StepCompletion)
    }


def test_the_demo_builds_the_six_courses_as_published_pages_and_twice_duplicates_nothing():
    build()
    first = counts()
    build()
    assert counts() == first
    catalog_courses = CoursePage.objects.filter(slug__in=[c["slug"] for c in COURSES]).live()
    assert sorted(catalog_courses.values_list("slug", flat=True)) == sorted(
        ["culture", "law", "etiquette", "complaints", "emergency", "practice"]
    )
    for course in catalog_courses:
        assert course.live_revision_id is not None
        assert course.objectives.count() >= 3
        assert course.target_posts.count() == 5


def test_each_subject_course_has_at_least_three_lessons_of_real_content():
    build()
    for slug in ("law", "etiquette", "complaints", "emergency"):
        lessons = LessonPage.objects.child_of(CoursePage.objects.get(slug=slug)).live()
        assert lessons.count() >= 3
        for lesson in lessons:
            assert len(lesson.body) >= 2
            assert lesson.live_revision_id is not None
    complaints = " ".join(
        str(lesson.body)
        for lesson in LessonPage.objects.filter(path__startswith=CoursePage.objects.get(slug="complaints").path)
    )
    for fact in ("LEARN", "首问负责制", "李先生", "绿篱", "回访"):
        assert fact in complaints
    emergency = " ".join(
        str(lesson.body)
        for lesson in LessonPage.objects.filter(path__startswith=CoursePage.objects.get(slug="emergency").path)
    )
    for fact in ("119", "电梯", "燃气", "凌晨 2 点", "监控"):
        assert fact in emergency


def test_the_onboarding_programme_follows_the_plan_for_the_posts_it_reaches():
    build()
    programme = Programme.objects.get(name="新员工入职培训")
    assert [pc.course.slug for pc in programme.programme_courses.order_by("sort_order")] == [
        "culture",
        "law",
        "etiquette",
        "complaints",
        "emergency",
        "practice",
    ]
    assert sorted(programme.auto_assign_posts.values_list("code", flat=True)) == sorted(
        ["kefu", "gongcheng", "anbao", "baojie", "lvhua"]
    )
    # Who is assigned it, and how far they got, is the staff's history (tests/lms/test_demo_integrity.py).
    assert not ProgrammeAssignment.objects.exists()


def test_the_etiquette_lesson_shows_a_generated_image(client):
    build()
    client.force_login(get_user_model().objects.get(username="trainee"))
    lesson = LessonPage.objects.get(slug="appearance")
    html = client.get(lesson.url).content.decode()
    assert "<img" in html
    assert "工牌" in html
