"""Actions that cannot be undone ask once more, on a 390 px phone: the first tap shows what will
happen and changes nothing; only the confirmation does it. Promotion approval, certificate
revocation, starting a limited exam (the page says how many attempts are left) and erasing a
leaver's personal data (HR types the employee number again)."""

import re

import pytest
from django.core.cache import cache

from certificates.services import certificate_render
from quizzes.models import AttemptStatus, QuizAttempt
from skills.models import LevelRecord, PromotionStatus
from tests.browser.helpers import login
from tests.factories import skills_world
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import CoursePageFactory
from tests.factories.org import HRAdminFactory, StaffProfileFactory, TrainerFactory, UserFactory
from tests.factories.quizzes import QuestionFactory, QuizPageFactory

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


@pytest.fixture
def exam(catalog):
    course = CoursePageFactory(parent=catalog, title="客户服务规范")
    question = QuestionFactory(stem="接待业主的第一步是？", options=[("微笑问候", True), ("先登记", False)])
    return QuizPageFactory(
        parent=course, title="结业考试", questions=[question], is_final_exam=True, attempts_allowed=2
    )


def test_starting_a_limited_exam_asks_once_more_on_a_phone(phone, exam):
    StaffProfileFactory(user=UserFactory(username="wangxm"), name="王小明")
    login(phone, "wangxm")
    phone.goto(exam.url)
    phone.locator("#quiz-start").click()
    phone.wait_for_url(re.compile(r"/quizzes/\d+/start/confirm/$"))

    confirm = phone.locator("#start-confirm")
    assert confirm.is_visible()
    assert "你还有 2 次机会。" in phone.locator("#confirm-attempts-left").inner_text()
    assert "开始即用掉一次机会" in confirm.inner_text()
    assert phone.locator("#confirm-start").is_visible() and phone.locator("#cancel-start").is_visible()
    assert fits_the_phone(phone)
    assert not QuizAttempt.objects.exists()

    phone.locator("#cancel-start").click()
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith(exam.url)
    assert not QuizAttempt.objects.exists()

    phone.locator("#quiz-start").click()
    phone.locator("#confirm-start").click()
    phone.wait_for_url(re.compile(r"/quizzes/attempts/\d+/$"))
    attempt = QuizAttempt.objects.get()
    assert attempt.quiz_id == exam.pk and attempt.status == AttemptStatus.IN_PROGRESS
    assert phone.url.endswith(f"/quizzes/attempts/{attempt.pk}/")


@pytest.fixture
def leaver():
    return StaffProfileFactory(
        user=UserFactory(username="wangxm"), name="王小明", employee_number="YG101", phone="13912345678"
    )


def erase_section(phone):
    return phone.locator("section.card", has=phone.locator("input[name=confirm_employee_number]"))


def test_erasing_personal_data_asks_for_the_employee_number_again_on_a_phone(phone, leaver):
    HRAdminFactory(user=UserFactory(username="hr1"))
    login(phone, "hr1")
    phone.goto(f"/privacy/staff/{leaver.pk}/")
    section = erase_section(phone)
    assert "此操作无法撤销" in section.inner_text()
    assert "再次输入工号以确认" in section.inner_text()
    assert fits_the_phone(phone)

    # nothing typed: the phone does not send the form; sent anyway, the server refuses it
    section.locator("button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    leaver.refresh_from_db()
    assert leaver.erased_at is None and leaver.name == "王小明"
    section.locator("input[name=confirm_employee_number]").evaluate("input => input.removeAttribute('required')")
    section.locator("button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    assert erase_section(phone).locator(".errorlist").is_visible()
    leaver.refresh_from_db()
    assert leaver.erased_at is None and leaver.name == "王小明"

    # a wrong number: refused with a message, nothing is erased
    section.locator("input[name=confirm_employee_number]").fill("YG102")
    section.locator("button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    assert erase_section(phone).locator(".errorlist").is_visible()
    assert fits_the_phone(phone)
    leaver.refresh_from_db()
    assert leaver.erased_at is None and leaver.employee_number == "YG101"
    assert leaver.user.is_active

    # the right number erases
    section = erase_section(phone)
    section.locator("input[name=confirm_employee_number]").fill("YG101")
    section.locator("button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    assert phone.locator(".msg-success").count() == 1
    leaver.refresh_from_db()
    leaver.user.refresh_from_db()
    assert leaver.erased_at is not None and leaver.name == f"erased-{leaver.pk}" and leaver.phone == ""
    assert not leaver.user.is_active
    assert erase_section(phone).count() == 0
