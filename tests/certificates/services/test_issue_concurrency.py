"""Exactly-once issue under two racing triggers, on PostgreSQL (SQLite serialises writers, so the
race only exists on a real server)."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from certificates.listeners import on_course_completed
from certificates.models import Certificate
from courses.events import CourseCompleted
from courses.services import course_enrol
from tests.factories.certificates import CourseRuleFactory
from tests.factories.org import StaffProfileFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(target, count: int = 2) -> list:
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                results.append(target())
                time.sleep(0.3)  # hold the transaction open so the other insert has to wait for it
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_two_concurrent_course_completions_issue_one_certificate(catalog):
    staff = StaffProfileFactory()
    rule = CourseRuleFactory()
    enrolment = course_enrol(user=staff.user, course=rule.course)

    def trigger():
        on_course_completed(
            CourseCompleted(
                enrolment_id=enrolment.pk,
                user_id=enrolment.user_id,
                course_id=enrolment.course_id,
                completed_at=timezone.now(),
            )
        )
        return Certificate.objects.get(user=staff.user).pk

    results = _race(trigger)

    assert Certificate.objects.filter(user=staff.user).count() == 1
    assert len(set(results)) == 1


def test_a_task_run_twice_concurrently_issues_once(catalog):
    from certificates.services import certificate_issue

    staff = StaffProfileFactory()
    rule = CourseRuleFactory()

    def trigger():
        certificate, created = certificate_issue(
            user=staff.user, template=rule.template, achievement_key="course:99", achievement="X"
        )
        return certificate.pk, created

    results = _race(trigger)

    assert Certificate.objects.filter(user=staff.user).count() == 1
    assert sorted(created for _pk, created in results) == [False, True]
