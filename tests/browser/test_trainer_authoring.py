"""A trainer edits a lesson in the Wagtail admin and publishes it; trainees see the new text."""

import pytest

from lms.demo import DEMO_PASSWORD
from tests.browser.helpers import login
from tests.courses.wagtail_base import base_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    from courses import demo as courses_demo
    from org import demo as org_demo

    base_data()
    org_demo.build()
    courses_demo.build()


def test_a_trainer_edits_and_publishes_a_lesson(phone, demo):
    from courses.models import LessonPage

    lesson = LessonPage.objects.get(slug="learn-model")
    page = phone
    login(page, "trainer", DEMO_PASSWORD)
    assert "/admin/" in page.url  # trainers start in the authoring admin

    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    page.fill("#id_title", "LEARN 沟通模型（修订版）")
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_load_state()

    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.title == "LEARN 沟通模型（修订版）"
    assert lesson.live and not lesson.has_unpublished_changes
    assert lesson.revisions.count() == 2

    page.goto(lesson.url)
    assert page.locator(".lesson-body h1").inner_text() == "LEARN 沟通模型（修订版）"
