"""Two posts of the same external id at the same moment: the database's unique external id lets
exactly one record (and one assignment) through."""

import threading

import pytest
from django.db import connection

from courses.models import CourseEnrolment
from notifications.models import Notification
from operations.models import OperationsOutcome, OutcomeCategory, RetrainingRule
from operations.services import operations_outcome_record

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_same_id_posted_from_two_threads_is_recorded_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    category = OutcomeCategory.objects.create(code="attitude", name="服务态度")
    RetrainingRule.objects.create(kind="complaint_upheld", category=category, course=world.course)
    CourseEnrolment.objects.filter(user=world.trainee.user).update(completed_at="2026-11-01T00:00:00Z")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(
                operations_outcome_record(
                    external_id="C-RACE",
                    kind="complaint_upheld",
                    employee_number=world.trainee.employee_number,
                    category_code="attitude",
                )[1]
            )
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == [False, True]
    assert OperationsOutcome.objects.filter(external_id="C-RACE").count() == 1
    assert CourseEnrolment.objects.filter(user=world.trainee.user, course=world.course).count() == 2
    assert Notification.objects.filter(key__startswith="operations:").count() == 1
