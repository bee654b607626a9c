"""At 390 px, on the demo: the manager's dashboard (a card per person, the team by competency
group with its radar, the full matrix folded away and its name column staying put while the
matrix scrolls sideways), a person's page, and the trainer's analytics, which the trainer reaches
from the Wagtail admin's menu. No page scrolls sideways; no tap target is under 44 px."""

import pytest

from lms.demo import DEMO_PASSWORD
from tests.browser.helpers import login
from tests.browser.test_phone_walk import MEASURE, MIN_TAP, WIDTH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page, url: str) -> dict:
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    measured = page.evaluate(MEASURE)
    assert measured["scrollWidth"] <= WIDTH, (url, measured["scrollWidth"])
    assert measured["small"] == [], (url, measured["small"])
    assert measured["lowest"] >= MIN_TAP
    return measured


def test_manager_dashboard_and_person_card_at_390px(phone, full_demo):
    login(phone, "manager", DEMO_PASSWORD)
    _fits(phone, "/skills/team/")
    cards = phone.locator(".person-card")
    assert cards.count() >= 1
    first = cards.first
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    assert first.locator(".badge.level").is_visible()
    # The team by competency group, with the team radar inside the screen.
    radar = phone.locator("#team svg.radar")
    assert radar.is_visible()
    radar_box = radar.bounding_box()
    assert radar_box["x"] >= 0 and radar_box["x"] + radar_box["width"] <= WIDTH
    assert phone.locator("#team details.team-area").count() >= 1
    # The full matrix is folded; opened, it scrolls inside its own region and names stay put.
    matrix = phone.locator("#matrix details.matrix-details")
    assert matrix.get_attribute("open") is None
    matrix.locator("summary").click()
    wrap = phone.locator("#matrix .table-wrap")
    assert wrap.is_visible()
    name = phone.locator("#matrix tbody th.sticky").first
    before = name.bounding_box()["x"]
    wrap.evaluate("el => { el.scrollLeft = 400; }")
    assert wrap.evaluate("el => el.scrollLeft") > 0  # it does scroll sideways
    assert abs(name.bounding_box()["x"] - before) < 1
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= WIDTH
    # A person's card opens their page, which fits too.
    href = first.locator("a.person-name").get_attribute("href")
    _fits(phone, href)


def test_trainer_analytics_at_390px_reached_from_the_admin(phone, full_demo):
    login(phone, "trainer", DEMO_PASSWORD)
    phone.goto("/admin/")
    phone.wait_for_load_state("networkidle")
    assert '"/analytics/"' in phone.content()  # the admin's menu entry (the sidebar's data)
    index = _fits(phone, "/analytics/")
    assert index["measured"] > 3
    course_url = phone.locator("#courses a.name").first.get_attribute("href")
    _fits(phone, course_url)
    assert phone.locator("#steps li").count() >= 1
    assert phone.locator("#months li").count() == 12
    phone.goto("/analytics/")
    programmes = phone.locator("#programmes a.name")
    assert programmes.count() >= 1  # the demo's onboarding programme is all the trainer's courses
    _fits(phone, programmes.first.get_attribute("href"))
    assert phone.locator("#courses li").count() >= 1
