"""A manager on a phone (390 px): opens the team dashboard, records a follow-up evaluation and
approves a promotion (confirming it on the page that asks once more)."""

import pytest

from skills.models import FollowUpStatus, LevelRecord, PromotionStatus
from tests.browser.helpers import login
from tests.factories import skills_world

world = skills_world.world  # the two-site company fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_evaluates_a_follow_up_and_approves_a_promotion_on_a_phone(phone, world):
    login(phone, world.manager_a.user.username)
    phone.goto("/me/")
    assert phone.url.endswith("/skills/team/")
    # On a phone the team shows as person cards; the wide matrix is folded until asked for.
    assert phone.locator(".person-card[data-person='王小明']").is_visible()
    phone.locator("#matrix summary").click()
    assert phone.locator("#matrix").get_by_text("王小明").is_visible()
    assert "黄丽" not in phone.content()
    # Nothing but the tables scrolls sideways at phone width.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.locator(f"a[href$='/skills/team/follow-ups/{world.follow_up_a.pk}/']").click()
    phone.wait_for_load_state("networkidle")
    phone.locator("input[name=objectives]").first.check()
    phone.locator("input[name=behaviour_rating][value='4']").check()
    phone.fill("input[name=complaints_before]", "6")
    phone.fill("input[name=complaints_after]", "2")
    phone.fill("input[name=owner_satisfaction]", "90")
    phone.locator("button[type=submit].primary").click()
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith("/skills/team/")
    assert phone.locator(".msg-success").count() == 1

    promotion = phone.locator(f"form[action$='/skills/team/promotions/{world.promotion_a.pk}/decide/']")
    promotion.locator("input[name=note]").fill("接待规范，可以定级")
    promotion.locator("button[value=approve]").click()
    phone.wait_for_load_state("networkidle")
    phone.locator("#confirm-promotion").click()  # approving asks once more (test_irreversible_confirmations)
    phone.wait_for_load_state("networkidle")
    assert phone.locator(".msg-success").count() == 1
    assert phone.locator(f"form[action$='/skills/team/promotions/{world.promotion_a.pk}/decide/']").count() == 0

    world.follow_up_a.refresh_from_db()
    world.promotion_a.refresh_from_db()
    assert world.follow_up_a.status == FollowUpStatus.DONE
    assert world.follow_up_a.evaluation.behaviour_rating == 4
    assert world.promotion_a.status == PromotionStatus.APPROVED
    assert LevelRecord.objects.get(user=world.trainee_a.user).level == 1
