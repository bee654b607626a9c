"""Expiry, reminders at 60/30/7 days (each once), refresher assignment and renewal, on a frozen
clock."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail

from certificates.models import Certificate, CertificateReminder, LiveStatus, ReminderStatus
from certificates.selectors import certificate_verification
from certificates.services import certificate_expiry_reminders_send, certificate_issue, certificate_renew
from certificates.tasks import certificate_expiry_reminders_task
from courses.models import CourseEnrolment
from courses.models.records import AssignmentSource
from courses.services import lesson_mark_done
from tests.factories.certificates import CertificateTemplateFactory, CourseRuleFactory
from tests.factories.courses import LessonPageFactory
from tests.factories.org import ManagerFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db

ISSUED = dt.date(2026, 1, 15)
EXPIRES = dt.date(2027, 1, 15)


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def holder(catalog):
    staff = StaffProfileFactory(name="黄丽")
    staff.user.email = "huangli@example.cn"
    staff.user.save()
    manager = ManagerFactory(site=staff.site)
    manager.user.email = "manager@example.cn"
    manager.user.save()
    return staff


@pytest.fixture
def certificate(holder):
    refresher = LessonPageFactory()
    lesson = LessonPageFactory()
    rule = CourseRuleFactory(
        course=lesson.get_parent().specific,
        refresher_course=refresher.get_parent().specific,
        template=CertificateTemplateFactory(validity_months=12),
    )
    with at(ISSUED):
        certificate, _ = certificate_issue(
            user=holder.user,
            template=rule.template,
            rule=rule,
            achievement_key=f"course:{rule.course_id}",
            achievement=rule.course.title,
        )
    certificate.refresher_lesson = refresher
    return certificate


def test_status_moves_from_valid_to_expiring_to_expired(certificate):
    with at(EXPIRES - dt.timedelta(days=61)):
        assert certificate_verification(code=certificate.code).status == LiveStatus.VALID
    with at(EXPIRES - dt.timedelta(days=60)):
        assert certificate_verification(code=certificate.code).status == LiveStatus.EXPIRING
    with at(EXPIRES):
        assert certificate_verification(code=certificate.code).status == LiveStatus.EXPIRING
    with at(EXPIRES + dt.timedelta(days=1)):
        assert certificate_verification(code=certificate.code).status == LiveStatus.EXPIRED


def test_reminders_go_at_60_30_and_7_days_each_once(certificate):
    with at(EXPIRES - dt.timedelta(days=61)):
        assert certificate_expiry_reminders_send() == 0
    for days, expected in ((60, 1), (59, 0), (30, 1), (29, 0), (7, 1), (3, 0)):
        with at(EXPIRES - dt.timedelta(days=days)):
            assert certificate_expiry_reminders_send() == expected, days
            assert certificate_expiry_reminders_task.enqueue().return_value == 0  # a second run sends nothing
    assert sorted(CertificateReminder.objects.values_list("days_before", flat=True)) == [7, 30, 60]


def test_reminder_mail_goes_to_holder_and_manager(certificate):
    with at(EXPIRES - dt.timedelta(days=60)):
        certificate_expiry_reminders_send()
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["huangli@example.cn", "manager@example.cn"]
    assert certificate.achievement in mail.outbox[0].subject
    reminder = CertificateReminder.objects.get()
    assert (reminder.status, reminder.recipients, reminder.attempts) == (ReminderStatus.SENT, 2, 1)


def _nobody_has_an_email_address():
    get_user_model().objects.update(email="")


def test_a_reminder_that_reached_nobody_stays_undelivered_and_is_retried(certificate):
    _nobody_has_an_email_address()
    with at(EXPIRES - dt.timedelta(days=60)):
        assert certificate_expiry_reminders_send() == 0
    reminder = CertificateReminder.objects.get()
    assert (reminder.status, reminder.sent_at, reminder.recipients) == (ReminderStatus.UNDELIVERED, None, 0)
    with at(EXPIRES - dt.timedelta(days=59)):
        assert certificate_expiry_reminders_send() == 0  # still nobody: tried again, still undelivered
    assert CertificateReminder.objects.get().attempts == 2
    certificate.user.email = "huangli@example.cn"
    certificate.user.save(update_fields=["email"])
    with at(EXPIRES - dt.timedelta(days=58)):
        assert certificate_expiry_reminders_send() == 1
    reminder = CertificateReminder.objects.get()
    assert (reminder.status, reminder.recipients, reminder.attempts) == (ReminderStatus.SENT, 1, 3)
    assert [m.to for m in mail.outbox] == [["huangli@example.cn"]]
    with at(EXPIRES - dt.timedelta(days=57)):
        assert certificate_expiry_reminders_send() == 0  # sent once: never again
    assert len(mail.outbox) == 1


def test_an_undelivered_reminder_assigns_the_refresher_once(certificate):
    _nobody_has_an_email_address()
    for days in (60, 59, 58):
        with at(EXPIRES - dt.timedelta(days=days)):
            certificate_expiry_reminders_send()
    refresher = certificate.rule.refresher_course
    assert CourseEnrolment.objects.filter(user=certificate.user, course=refresher).count() == 1


def test_a_failing_mail_server_leaves_the_reminder_undelivered_for_the_next_run(certificate, monkeypatch):
    import certificates.services.reminders as module

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(module, "send_mail", broken)
    with at(EXPIRES - dt.timedelta(days=60)):
        assert certificate_expiry_reminders_send() == 0
    assert CertificateReminder.objects.get().status == ReminderStatus.UNDELIVERED
    monkeypatch.undo()
    with at(EXPIRES - dt.timedelta(days=59)):
        assert certificate_expiry_reminders_send() == 1
    assert CertificateReminder.objects.get().status == ReminderStatus.SENT
    assert len(mail.outbox) == 1


def test_a_certificate_found_late_gets_only_the_nearest_reminder(certificate):
    with at(EXPIRES - dt.timedelta(days=20)):
        assert certificate_expiry_reminders_send() == 1
    assert list(CertificateReminder.objects.values_list("days_before", flat=True)) == [30]


def test_the_first_reminder_assigns_the_refresher_course(certificate):
    refresher_course = certificate.rule.refresher_course
    with at(EXPIRES - dt.timedelta(days=60)):
        certificate_expiry_reminders_send()
    enrolment = CourseEnrolment.objects.get(user=certificate.user, course=refresher_course)
    assert enrolment.source == AssignmentSource.REFRESHER
    assert enrolment.due_date == EXPIRES


def test_completing_the_refresher_renews_the_certificate_linked_to_the_old_one(certificate):
    with at(EXPIRES - dt.timedelta(days=60)):
        certificate_expiry_reminders_send()
    with at(EXPIRES - dt.timedelta(days=10)):
        lesson_mark_done(user=certificate.user, lesson=certificate.refresher_lesson)
    renewal = Certificate.objects.get(renewed_from=certificate)
    assert renewal.cycle == 2
    assert renewal.achievement_key == certificate.achievement_key
    assert renewal.issued_on == EXPIRES - dt.timedelta(days=10)
    assert renewal.expires_on == dt.date(2028, 1, 5)
    assert renewal.code != certificate.code
    # the renewed certificate gets no more reminders
    with at(EXPIRES - dt.timedelta(days=7)):
        assert certificate_expiry_reminders_send() == 0


def test_renewing_twice_returns_the_same_renewal(certificate):
    first = certificate_renew(certificate=certificate)
    again = certificate_renew(certificate=certificate)
    assert first.pk == again.pk
    assert Certificate.objects.count() == 2


def test_revoked_certificates_get_no_reminders(certificate):
    from certificates.services import certificate_revoke

    certificate_revoke(certificate=certificate, actor=None, reason="错误发放")
    with at(EXPIRES - dt.timedelta(days=30)):
        assert certificate_expiry_reminders_send() == 0
