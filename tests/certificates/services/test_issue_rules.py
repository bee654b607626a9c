"""Certificates are issued by rule on course completion, programme completion and skill-level
approval – once per holder and achievement."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone, translation

from certificates.models import Certificate, RenderStatus
from certificates.services import certificate_issue, certificates_issue_for_skill_level
from core.events import event_announce
from courses.services import lesson_mark_done, programme_assign
from skills.events import SkillLevelApproved
from tests.certificates.helpers import render_tasks
from tests.factories.certificates import (
    CertificateTemplateFactory,
    CourseRuleFactory,
    ProgrammeRuleFactory,
    SkillLevelRuleFactory,
)
from tests.factories.courses import LessonPageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import PostFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(catalog):
    return StaffProfileFactory(name="王小明", employee_number="YG0001")


def test_completing_a_course_with_a_rule_issues_its_certificate(staff):
    lesson = LessonPageFactory()
    course = lesson.get_parent().specific
    rule = CourseRuleFactory(course=course, template=CertificateTemplateFactory(validity_months=12))

    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC), tick=False):
        lesson_mark_done(user=staff.user, lesson=lesson)

    certificate = Certificate.objects.get(user=staff.user)
    assert certificate.rule == rule
    assert certificate.achievement == course.title
    assert certificate.achievement_key == f"course:{course.pk}"
    assert certificate.holder_name == "王小明"
    assert certificate.employee_number == "YG0001"
    assert certificate.issued_on == dt.date(2026, 3, 10)
    assert certificate.expires_on == dt.date(2027, 3, 10)
    assert certificate.status == RenderStatus.PENDING


def test_completing_a_course_without_a_rule_issues_nothing(staff):
    lesson = LessonPageFactory()
    lesson_mark_done(user=staff.user, lesson=lesson)
    assert not Certificate.objects.exists()


def test_an_inactive_rule_issues_nothing(staff):
    lesson = LessonPageFactory()
    CourseRuleFactory(course=lesson.get_parent().specific, is_active=False)
    lesson_mark_done(user=staff.user, lesson=lesson)
    assert not Certificate.objects.exists()


def test_rendering_is_queued_after_commit_and_makes_the_pdf(staff, django_capture_on_commit_callbacks):
    lesson = LessonPageFactory()
    CourseRuleFactory(course=lesson.get_parent().specific)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        lesson_mark_done(user=staff.user, lesson=lesson)
    assert len(render_tasks(callbacks)) == 1  # beside it, the holder's notification is queued
    certificate = Certificate.objects.get(user=staff.user)
    assert certificate.status == RenderStatus.READY
    assert certificate.file


def test_completing_a_programme_issues_the_programme_certificate(staff):
    programme = ProgrammeFactory(name="新员工入职培训")
    lessons = [LessonPageFactory() for _ in range(2)]
    for lesson in lessons:
        ProgrammeCourseFactory(programme=programme, course=lesson.get_parent().specific)
    ProgrammeRuleFactory(programme=programme)
    programme_assign(programme=programme, user=staff.user)

    lesson_mark_done(user=staff.user, lesson=lessons[0])
    assert not Certificate.objects.filter(achievement_key__startswith="programme:").exists()
    lesson_mark_done(user=staff.user, lesson=lessons[1])

    certificate = Certificate.objects.get(achievement_key=f"programme:{programme.pk}")
    assert certificate.achievement == "新员工入职培训"


def approved(staff, *, level: int, post=None) -> dict:
    return {"user_id": staff.user_id, "post_id": (post or staff.post).pk, "level": level, "awarded_at": timezone.now()}


def test_skill_level_approval_prefers_the_rule_for_the_holders_post(staff):
    general = SkillLevelRuleFactory(skill_level=2, post=None)
    for_post = SkillLevelRuleFactory(skill_level=2, post=staff.post)

    [certificate] = certificates_issue_for_skill_level(**approved(staff, level=2))

    assert certificate.rule == for_post != general
    assert certificate.achievement_key == f"skill_level:2:post:{staff.post.pk}"


def test_skill_level_rule_for_any_post_names_the_post_and_the_level(staff):
    SkillLevelRuleFactory(skill_level=3, post=None)
    other_post = PostFactory(code="gongcheng")

    [certificate] = certificates_issue_for_skill_level(**approved(staff, level=3, post=other_post))

    assert certificate.user == staff.user
    with translation.override(settings.LANGUAGE_CODE):  # printed in the site's language
        assert certificate.achievement == f"工程 · {certificate.rule.get_skill_level_display()}"


def test_skill_level_without_a_rule_issues_nothing(staff):
    assert certificates_issue_for_skill_level(**approved(staff, level=4)) == []


def test_an_approved_promotion_reaches_the_certificates_through_its_event(staff):
    SkillLevelRuleFactory(skill_level=1)
    event_announce(SkillLevelApproved(level_record_id=1, approved_by_id=None, **approved(staff, level=1)))
    assert Certificate.objects.filter(user=staff.user).count() == 1


def test_issuing_the_same_achievement_twice_returns_the_first(staff):
    template = CertificateTemplateFactory()
    first, created = certificate_issue(user=staff.user, template=template, achievement_key="course:1", achievement="A")
    again, created_again = certificate_issue(
        user=staff.user, template=template, achievement_key="course:1", achievement="A"
    )
    assert created and not created_again
    assert first.pk == again.pk
    assert Certificate.objects.count() == 1


def test_codes_are_unguessable_and_distinct(staff):
    template = CertificateTemplateFactory()
    codes = {
        certificate_issue(user=staff.user, template=template, achievement_key=f"course:{n}", achievement="A")[0].code
        for n in range(20)
    }
    assert len(codes) == 20
    assert all(len(code) == 16 for code in codes)  # 16 base64url chars = 96 bits


def test_a_real_skills_level_record_issues_the_level_certificate(staff):
    from skills.services.levels import level_record_create

    rule = SkillLevelRuleFactory(skill_level=2, post=staff.post)
    record = level_record_create(user=staff.user, post=staff.post, level=2, approved_by=None)

    [certificate] = certificates_issue_for_skill_level(
        user_id=record.user_id, post_id=record.post_id, level=record.level, awarded_at=record.awarded_at
    )

    assert certificate.rule == rule
    with translation.override(settings.LANGUAGE_CODE):  # printed in the site's language
        assert certificate.achievement == f"{staff.post.name} · {rule.get_skill_level_display()}"
