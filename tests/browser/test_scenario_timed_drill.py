"""A timed drill step on a phone: the countdown runs out, the server takes the timeout branch."""

import pytest

from scenarios.models import ScenarioRun
from tests.browser.helpers import login
from tests.factories.org import StaffProfileFactory
from tests.factories.scenarios import ScenarioPageFactory, small_graph

# serialized_rollback: the flush after a live-server test removes the root page and locale that
# Wagtail's migrations create, which the next test needs.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_letting_the_countdown_run_out_takes_the_timeout_branch(phone, catalog):
    graph = small_graph()
    next(n for n in graph["nodes"] if n["key"] == "calm")["time_limit"] = 3
    scenario = ScenarioPageFactory(graph=graph)
    StaffProfileFactory(user__username="guard")

    login(phone, "guard")
    phone.goto(scenario.url)
    phone.click("#start-scenario")
    phone.click("button.choice:has-text('请您慢慢说')")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("#timer").is_visible()
    # nobody answers: the page asks the server to apply the timeout once the time is up
    phone.wait_for_selector(".bubble.timed-out", timeout=15000)
    assert "我要投诉你们！" in phone.locator(".bubble.current").inner_text()
    run = ScenarioRun.objects.get()
    assert run.node == "angry" and run.events.filter(kind="timeout").count() == 1
