import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.integrity import Row, Violation, invariants_check, violation
from courses.models import CourseEnrolment
from tests.factories.records_world import records_trainee_add, records_world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(catalog):
    """Records made through the services (tests/factories/records_world.py)."""
    return records_world_build()


def test_a_world_made_through_the_services_breaks_no_invariant(records):
    assert invariants_check() == []


def test_every_invariant_listed_in_settings_runs(settings, records):
    assert len(settings.LMS_INVARIANTS) >= 9
    for path in settings.LMS_INVARIANTS:
        assert invariants_check(paths=[path]) == []


def test_a_violation_names_its_rule_row_and_related_rows():
    found = violation("courses.enrolment_progress", CourseEnrolment, 7, "坏了", related=[(CourseEnrolment, None)])
    assert found == Violation("courses.enrolment_progress", Row("courses.CourseEnrolment", 7), "坏了", ())
    assert found.as_dict() == {
        "invariant": "courses.enrolment_progress",
        "model": "courses.CourseEnrolment",
        "pk": 7,
        "message": "坏了",
        "related": [],
    }


def test_an_invariant_path_that_does_not_import_or_call_stops_the_project(settings):
    from core.checks import invariants_check as check

    settings.LMS_INVARIANTS = ["courses.invariants.no_such_rule", "lms.settings.base.LANGUAGE_CODE"]
    assert [(error.id, "no_such_rule" in error.msg) for error in check()] == [("core.E006", True), ("core.E007", False)]
    settings.LMS_INVARIANTS = ["courses.invariants.enrolments_match_their_steps"]
    assert check() == []


def test_the_invariants_read_in_bulk_however_many_people_there_are(catalog):
    """No query per row: four trainees with all their records cost what one costs."""
    world = records_world_build(trainees=1)
    invariants_check()  # warm the course structure cache and content types
    with CaptureQueriesContext(connection) as one:
        assert invariants_check() == []
    for _n in range(3):
        records_trainee_add(world)
    with CaptureQueriesContext(connection) as four:
        assert invariants_check() == []
    assert len(four) == len(one)
