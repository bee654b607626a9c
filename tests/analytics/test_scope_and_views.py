"""Who sees which course's figures: a trainer the courses Wagtail lets them edit, HR every one,
managers and trainees none; a course outside the scope is not found. Pages cost the same number
of queries whatever the number of learners or courses."""

import pytest
from django.urls import reverse

from analytics.selectors import analysable_courses, analysable_programmes
from courses.services import course_enrol
from org.services import staff_role_sync
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import HRAdminFactory, ManagerFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_courses(catalog):
    mine = CoursePageFactory(parent=catalog, title="我的课程", slug="mine")
    theirs = CoursePageFactory(parent=catalog, title="别人的课程", slug="theirs")
    LessonPageFactory(parent=mine)
    LessonPageFactory(parent=theirs)
    return mine, theirs


def test_a_trainer_sees_only_courses_they_may_edit(two_courses, trainer_of, client):
    mine, theirs = two_courses
    trainer = trainer_of(mine, "trainer_a")
    assert list(analysable_courses(user=trainer)) == [mine]
    client.force_login(trainer)
    assert client.get(reverse("analytics:course", args=[mine.pk])).status_code == 200
    assert client.get(reverse("analytics:course", args=[theirs.pk])).status_code == 404
    index = client.get(reverse("analytics:index")).content.decode()
    assert "我的课程" in index and "别人的课程" not in index


def test_a_programme_shows_only_when_all_its_courses_are_in_scope(two_courses, trainer_of):
    mine, theirs = two_courses
    only_mine = ProgrammeFactory(name="只有我的")
    ProgrammeCourseFactory(programme=only_mine, course=mine)
    mixed = ProgrammeFactory(name="混合")
    ProgrammeCourseFactory(programme=mixed, course=mine)
    ProgrammeCourseFactory(programme=mixed, course=theirs)
    trainer = trainer_of(mine, "trainer_b")
    assert list(analysable_programmes(user=trainer)) == [only_mine]
    hr = HRAdminFactory().user
    assert set(analysable_programmes(user=hr)) == {only_mine, mixed}


def test_hr_sees_every_course_managers_and_trainees_none(two_courses, client):
    hr = HRAdminFactory()
    assert set(analysable_courses(user=hr.user)) == set(two_courses)
    for profile in (ManagerFactory(), StaffProfileFactory()):
        assert not analysable_courses(user=profile.user).exists()
        client.force_login(profile.user)
        assert client.get(reverse("analytics:index")).status_code == 403


def test_pages_name_no_learner(two_courses, client):
    mine, _ = two_courses
    learner = StaffProfileFactory(name="独一无二的名字")
    course_enrol(user=learner.user, course=mine)
    client.force_login(HRAdminFactory().user)
    for url in (reverse("analytics:index"), reverse("analytics:course", args=[mine.pk])):
        assert "独一无二的名字" not in client.get(url).content.decode()


def test_query_counts_do_not_grow_with_learners_or_courses(catalog, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hr = HRAdminFactory()
    staff_role_sync(profile=hr)
    client.force_login(hr.user)
    course = CoursePageFactory(parent=catalog)
    LessonPageFactory(parent=course)
    programme = ProgrammeFactory()
    ProgrammeCourseFactory(programme=programme, course=course)
    urls = [
        reverse("analytics:index"),
        reverse("analytics:course", args=[course.pk]),
        reverse("analytics:programme", args=[programme.pk]),
    ]
    counts = []
    for _round in range(2):
        for url in urls:
            client.get(url)  # warm the caches (new pages renew the course structures' cache)
        with CaptureQueriesContext(connection) as ctx:
            for url in urls:
                assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
        for _ in range(5):
            other = CoursePageFactory(parent=catalog)
            ProgrammeCourseFactory(programme=programme, course=other)
            course_enrol(user=StaffProfileFactory().user, course=course)
            course_enrol(user=StaffProfileFactory().user, course=other)
    assert counts[0] == counts[1]
