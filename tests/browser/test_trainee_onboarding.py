"""A new 客服 trainee on a phone: logs in, finds the onboarding programme, reads a lesson, marks it
done and sees the progress bars move."""

import pytest

from lms.demo import DEMO_PASSWORD
from tests.browser.helpers import login
from tests.courses.wagtail_base import base_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    from courses import demo as courses_demo
    from courses.models import CoursePage, LessonPage, Programme
    from courses.services import lesson_mark_done, programme_assign
    from org import demo as org_demo
    from org.models import StaffProfile

    base_data()
    org_demo.build()
    courses_demo.build()
    # The trainee's first days (the full demo's history does more): the onboarding programme,
    # and the culture course read up to its last lesson.
    trainee = StaffProfile.objects.get(user__username="trainee").user
    programme_assign(programme=Programme.objects.get(name="新员工入职培训"), user=trainee)
    culture = CoursePage.objects.get(title="企业文化与规章制度")
    for lesson in list(LessonPage.objects.child_of(culture).live().order_by("path"))[:-1]:
        lesson_mark_done(user=trainee, lesson=lesson)


def progress_of(page, selector: str) -> int:
    return int(page.locator(selector).first.get_attribute("value"))


def test_a_trainee_reads_a_lesson_marks_it_done_and_sees_progress_move(phone, demo):
    page = phone
    login(page, "trainee", DEMO_PASSWORD)

    # Signed in, the trainee lands on "my learning" with the onboarding programme.
    assert page.url.endswith("/learning/")
    programme = page.locator("section.programme", has_text="新员工入职培训")
    assert programme.count() == 1
    programme_before = progress_of(programme, "progress")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Carry on: the programme's first unfinished course, then resume at its first unread lesson.
    programme.locator("a.continue").click()
    page.wait_for_load_state()
    assert "企业文化与规章制度" in page.locator("h1").inner_text()
    course_before = progress_of(page, "progress.progress")
    page.click("#resume")
    page.wait_for_load_state()
    assert page.locator(".lesson-body h1").inner_text() == "在这里成长：技能等级、积分与带教"
    assert page.locator(".lesson-body").inner_text().count("初级") >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.click("#mark-done")
    page.wait_for_load_state()
    # The last lesson of the course: back on the course page, which is now complete.
    assert page.locator("#course-complete").is_visible()
    assert progress_of(page, "progress.progress") == 100 > course_before

    page.goto("/learning/")
    programme = page.locator("section.programme", has_text="新员工入职培训")
    assert progress_of(programme, "progress") > programme_before
    culture_row = programme.locator("li.course-row", has_text="企业文化与规章制度")
    assert culture_row.locator(".badge.done").is_visible()


def test_a_trainee_cannot_open_the_admin_or_the_assign_page(phone, demo):
    page = phone
    login(page, "trainee", DEMO_PASSWORD)
    page.goto("/admin/")
    assert "/admin/login/" in page.url
    response = page.goto("/learning/assign/")
    assert response.status == 403
