"""Actions that cannot be undone ask once more, on a 390 px phone: the first tap shows what will
happen and changes nothing; only the confirmation does it."""

import pytest
from django.core.cache import cache

from certificates.services import certificate_render
from skills.models import LevelRecord, PromotionStatus
from tests.browser.helpers import login
from tests.factories import skills_world
from tests.factories.certificates import CertificateFactory
from tests.factories.org import StaffProfileFactory, TrainerFactory, UserFactory

world = skills_world.world  # the two-site company fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_approving_a_promotion_asks_once_more_on_a_phone(phone, world):
    login(phone, world.manager_a.user.username)
    phone.goto(f"/skills/team/people/{world.trainee_a.user_id}/")
    form = phone.locator(f"form[action$='/skills/team/promotions/{world.promotion_a.pk}/decide/']")
    form.locator("input[name=note]").fill("接待规范，可以定级")
    form.locator("button[value=approve]").click()
    phone.wait_for_load_state("networkidle")

    confirm = phone.locator("#promotion-confirm")
    assert confirm.is_visible()
    assert "王小明" in confirm.inner_text()
    assert phone.locator("#confirm-promotion").is_visible()
    assert fits_the_phone(phone)
    world.promotion_a.refresh_from_db()
    assert world.promotion_a.status == PromotionStatus.PENDING
    assert not LevelRecord.objects.filter(user=world.trainee_a.user).exists()

    phone.locator("#confirm-promotion").click()
    phone.wait_for_load_state("networkidle")
    assert phone.locator(".msg-success").count() == 1
    world.promotion_a.refresh_from_db()
    assert world.promotion_a.status == PromotionStatus.APPROVED
    assert LevelRecord.objects.get(user=world.trainee_a.user).note == "接待规范，可以定级"


def test_cancelling_a_promotion_approval_changes_nothing(phone, world):
    login(phone, world.manager_a.user.username)
    phone.goto(f"/skills/team/people/{world.trainee_a.user_id}/")
    phone.locator(
        f"form[action$='/skills/team/promotions/{world.promotion_a.pk}/decide/'] button[value=approve]"
    ).click()
    phone.wait_for_load_state("networkidle")
    phone.locator("#promotion-confirm a.button").click()
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith(f"/skills/team/people/{world.trainee_a.user_id}/")
    world.promotion_a.refresh_from_db()
    assert world.promotion_a.status == PromotionStatus.PENDING


@pytest.fixture
def certificate(settings, live_server):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    cache.clear()
    staff = StaffProfileFactory(user=UserFactory(username="wangxm"), name="王小明", employee_number="YG101")
    certificate = CertificateFactory(
        user=staff.user, holder_name="王小明", employee_number="YG101", achievement="企业文化与规章制度"
    )
    return certificate_render(certificate_id=certificate.pk)


def test_revoking_a_certificate_asks_once_more_on_a_phone(phone, certificate):
    trainer = TrainerFactory(user=UserFactory(username="trainer1"))
    login(phone, trainer.user.username)
    phone.goto(f"/certificates/{certificate.pk}/")
    phone.fill("textarea[name=reason]", "考核作弊")
    phone.locator("#revoke").click()
    phone.wait_for_load_state("networkidle")

    confirm = phone.locator("#revoke-confirm")
    assert confirm.is_visible()
    assert "考核作弊" in phone.locator("#revoke-reason").inner_text()
    assert "企业文化与规章制度" in confirm.inner_text()
    assert fits_the_phone(phone)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    phone.locator("#confirm-revoke").click()
    phone.wait_for_load_state("networkidle")
    assert phone.locator(".msg-success").count() == 1
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoke_reason == "考核作弊"

    phone.goto(f"/certificates/verify/{certificate.code}/")
    assert phone.locator(".verify-card").get_attribute("data-status") == "revoked"
