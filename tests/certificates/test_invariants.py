"""certificates.invariants (and the shell's lms.invariants for skill levels): a certificate for an
achievement never reached, or reached after it was issued, a renewal that renews nothing and a
reminder counted as sent to nobody are each planted and reported with the certificate."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.db import connection

from certificates.models import CertificateReminder, ReminderStatus
from certificates.services import certificate_expiry_reminders_send, certificate_renew, certificate_revoke
from courses.models import CourseEnrolment, ProgrammeAssignment
from skills.models import LevelRecord
from tests.factories.certificates import CertificateFactory
from tests.factories.records_world import invariant_rows, records_world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(catalog):
    """Records made through the services (tests/factories/records_world.py)."""
    return records_world_build()


ACHIEVEMENTS = "certificates.invariants.certificates_have_their_achievement"
LEVELS = "lms.invariants.skill_level_certificates_have_their_level"
REMINDERS = "certificates.invariants.reminders_reached_someone"


def row(certificate):
    return ("certificates.Certificate", certificate.pk)


def test_a_certificate_for_a_course_never_completed_is_reported(records):
    stranger = CertificateFactory(user=records.manager.user, achievement_key=f"course:{records.course.pk}")
    assert invariant_rows(ACHIEVEMENTS) == [row(stranger)]


def test_a_certificate_issued_before_its_course_was_completed_is_reported(records):
    certificate = records.certificate("course:")
    completed_on = records.enrolment().completed_at.date()
    type(certificate).objects.filter(pk=certificate.pk).update(issued_on=completed_on - dt.timedelta(days=70))
    assert invariant_rows(ACHIEVEMENTS) == [row(certificate)]


def test_a_revoked_certificate_is_not_held_to_its_achievement(records):
    stranger = CertificateFactory(user=records.manager.user, achievement_key=f"course:{records.course.pk}")
    certificate_revoke(certificate=stranger, actor=records.trainer.user, reason="误发")
    assert invariant_rows(ACHIEVEMENTS) == []


def test_a_programme_certificate_without_the_programme_completed_is_reported(records):
    certificate = records.certificate("programme:")
    ProgrammeAssignment.objects.filter(pk=records.assignment().pk).update(completed_at=None)
    assert invariant_rows(ACHIEVEMENTS) == [row(certificate)]


def test_a_course_reopened_under_its_certificate_is_reported(records):
    certificate = records.certificate("course:")
    CourseEnrolment.objects.filter(pk=records.enrolment().pk).update(completed_at=None)
    assert row(certificate) in invariant_rows(ACHIEVEMENTS)


def test_a_renewal_that_renews_nothing_is_reported_and_a_real_one_is_not(records):
    original = records.certificate("course:")
    renewal = certificate_renew(certificate=original)
    assert renewal.cycle == 2 and invariant_rows(ACHIEVEMENTS) == []
    orphan = CertificateFactory(user=records.trainee.user, achievement_key=original.achievement_key, cycle=3)
    assert invariant_rows(ACHIEVEMENTS) == [row(orphan)]


def test_an_achievement_the_platform_does_not_know_is_reported(records):
    odd = CertificateFactory(user=records.trainee.user, achievement_key="course:abc")
    assert invariant_rows(ACHIEVEMENTS) == [row(odd)]


def test_a_skill_level_certificate_without_the_level_is_reported(records):
    key = f"skill_level:1:post:{records.post.pk}"
    stranger = CertificateFactory(user=records.manager.user, achievement_key=key)
    assert invariant_rows(LEVELS) == [row(stranger)]


def test_a_skill_level_certificate_issued_before_the_level_is_reported(records):
    certificate = records.certificate("skill_level:")
    assert invariant_rows(LEVELS) == []
    record = records.level()
    LevelRecord._base_manager.filter(pk=record.pk).update(awarded_at=record.awarded_at + dt.timedelta(days=3))
    assert invariant_rows(LEVELS) == [row(certificate)]


@contextmanager
def check_constraint_off(model, name: str):
    """Plant a row the database's check constraint would refuse (data from before it, or a
    restore that skipped it): SQLite ignores check constraints on request; PostgreSQL drops this
    one inside the test's transaction, which rolls back."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = 1")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger events before ALTER
            cursor.execute(f'ALTER TABLE "{model._meta.db_table}" DROP CONSTRAINT "{name}"')
        try:
            yield
        finally:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA ignore_check_constraints = 0")


def test_a_reminder_counted_as_sent_to_nobody_is_reported(records):
    records.trainee.user.email = "trainee@example.com"
    records.trainee.user.save()
    certificate = records.certificate("course:")
    assert certificate_expiry_reminders_send(today=certificate.expires_on - dt.timedelta(days=20)) >= 1
    reminder = CertificateReminder.objects.get(certificate=certificate)
    assert reminder.status == ReminderStatus.SENT and invariant_rows(REMINDERS) == []
    with check_constraint_off(CertificateReminder, "certificate_reminder_sent_reached_someone"):
        CertificateReminder.objects.filter(pk=reminder.pk).update(recipients=0)
    assert invariant_rows(REMINDERS) == [("certificates.CertificateReminder", reminder.pk)]
