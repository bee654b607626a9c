"""A trainer builds a small scenario in the Wagtail admin; a trainee plays it to an end on a
390 px phone and sees the debrief."""

import pytest
from playwright.sync_api import expect

from scenarios.models import ScenarioPage, ScenarioRun
from tests.browser.helpers import login
from tests.factories.courses import CoursePageFactory
from tests.factories.org import StaffProfileFactory, TrainerFactory

# serialized_rollback: the flush after a live-server test removes the root page and locale that
# Wagtail's migrations create, which the next test needs.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _list_add(admin, count_name: str) -> None:
    """Click the add button of the ListBlock whose hidden count input is `count_name` until the
    count goes up by one. Right after its block is inserted, the button can be on the page before
    its controller listens, and a click then does nothing (seen once in CI on a busy machine)."""
    count = admin.locator(f'input[name="{count_name}"]')
    wanted = str(int(count.input_value() or "0") + 1)
    button = count.locator("xpath=..").locator("[data-streamfield-list-add]").first
    for _attempt in range(5):
        button.click()
        try:
            expect(count).to_have_value(wanted, timeout=3000)
            return
        except AssertionError:
            if count.input_value() != str(int(wanted) - 1):
                raise  # it grew by more than one, or changed otherwise: not a lost click
    raise AssertionError(f"the list {count_name} did not grow after five clicks")


def _build_scenario_in_admin(admin, course_pk: int) -> None:
    admin.goto(f"/admin/pages/add/scenarios/scenariopage/{course_pk}/")
    admin.fill("#id_title", "前台接待演练")
    admin.click("#competencies-root .c-sf-add-button")
    admin.fill('input[name="competencies-0-value-code"]', "polite_language")
    admin.fill('input[name="competencies-0-value-name"]', "规范用语")
    admin.fill('input[name="competencies-0-value-pass_score"]', "1")

    admin.click("#nodes-root .c-sf-add-button")
    admin.fill('input[name="nodes-0-value-key"]', "greet")
    admin.fill('input[name="nodes-0-value-speaker"]', "业主")
    admin.fill('textarea[name="nodes-0-value-text"]', "你好，我想问一下停车卡怎么办理？")
    _list_add(admin, "nodes-0-value-choices-count")
    admin.fill('textarea[name="nodes-0-value-choices-0-value-text"]', "您好，请坐。我来为您说明办理流程。")
    admin.fill('input[name="nodes-0-value-choices-0-value-target"]', "nowhere")  # a mistake first
    admin.fill('textarea[name="nodes-0-value-choices-0-value-feedback"]', "起身问候、请坐，符合接待礼仪。")
    _list_add(admin, "nodes-0-value-choices-0-value-scores-count")
    admin.fill('input[name="nodes-0-value-choices-0-value-scores-0-value-competency"]', "polite_language")
    admin.fill('input[name="nodes-0-value-choices-0-value-scores-0-value-points"]', "2")

    admin.locator('#nodes-root .c-sf-add-button[title="Insert a block"]').last.click()
    admin.fill('input[name="nodes-1-value-key"]', "done")
    admin.select_option('select[name="nodes-1-value-kind"]', "end")
    admin.fill('textarea[name="nodes-1-value-text"]', "业主满意地办好了停车卡。")
    admin.select_option('select[name="nodes-1-value-outcome"]', "success")
    admin.fill('textarea[name="nodes-1-value-debrief"]', "起立、问候、请坐、说明流程。")

    # Saving refuses the graph and names the broken choice.
    admin.click("button[name=action-draft], button:has-text('Save draft')")
    admin.wait_for_load_state("networkidle")
    messages = admin.locator(".messages").inner_text()
    assert "nowhere" in messages and "greet" in messages, messages
    assert not ScenarioPage.objects.exists()

    admin.fill('input[name="nodes-0-value-choices-0-value-target"]', "done")
    admin.get_by_role("button", name="More actions").click()
    admin.click("button[name=action-publish]")
    admin.wait_for_load_state("networkidle")
    assert ScenarioPage.objects.live().count() == 1, admin.locator(".messages").inner_text()


def test_trainer_builds_a_scenario_and_a_trainee_plays_it_on_a_phone(browser, live_server, phone, catalog):
    course = CoursePageFactory(title="服务礼仪", slug="etiquette")
    TrainerFactory(user__username="coach", user__is_superuser=True, user__is_staff=True)
    StaffProfileFactory(user__username="xiaoming", name="王小明")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="en-GB")
    admin = context.new_page()
    admin.set_default_timeout(15000)
    admin.goto("/admin/login/")
    admin.fill("#id_username", "coach")
    admin.fill("#id_password", "pw-test-123")
    admin.click("button[type=submit]")
    admin.wait_for_load_state("networkidle")
    _build_scenario_in_admin(admin, course.pk)
    scenario = ScenarioPage.objects.get()
    admin.goto(f"/admin/scenarios/{scenario.pk}/diagram/")
    assert admin.locator("#scenario-bounds").is_visible()
    assert admin.evaluate("document.getElementById('scenario-diagram').naturalWidth") > 0
    context.close()

    login(phone, "xiaoming")
    phone.goto(scenario.url)
    phone.click("#start-scenario")
    phone.wait_for_load_state("networkidle")
    assert phone.locator(".bubble.current").inner_text().strip().endswith("停车卡怎么办理？")
    assert "起身问候" not in phone.content()  # feedback only after choosing
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.click("button.choice:has-text('您好，请坐')")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("#debrief").is_visible()
    assert phone.locator("#result-passed").is_visible()
    assert "起身问候、请坐，符合接待礼仪。" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    run = ScenarioRun.objects.get()
    assert run.passed and run.scores == {"polite_language": 2}
