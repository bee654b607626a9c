import datetime as dt

import pytest

from core.models import AuditEvent
from courses.models import CourseEnrolment, ProgrammeAssignment
from courses.models.records import AssignmentSource
from courses.services import programme_assign, programme_assign_many
from tests.factories.courses import CoursePageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import HRAdminFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(catalog):
    programme = ProgrammeFactory(due_days=8)
    for day in (1, 3, 8):
        ProgrammeCourseFactory(programme=programme, course=CoursePageFactory(parent=catalog), day=day, sort_order=day)
    return programme


def test_assigning_enrols_in_every_course_due_on_its_programme_day(programme):
    user = UserFactory()
    start = dt.date(2026, 3, 2)
    assignment = programme_assign(programme=programme, user=user, start=start)
    assert assignment.due_date == start + dt.timedelta(days=8)
    dues = sorted(CourseEnrolment.objects.filter(user=user).values_list("due_date", flat=True))
    assert dues == [start + dt.timedelta(days=d) for d in (1, 3, 8)]
    assert set(CourseEnrolment.objects.filter(user=user).values_list("programme_assignment", flat=True)) == {
        assignment.pk
    }


def test_a_due_date_given_by_hand_caps_every_course(programme):
    user = UserFactory()
    start = dt.date(2026, 3, 2)
    programme_assign(programme=programme, user=user, start=start, due_date=start + dt.timedelta(days=2))
    dues = sorted(CourseEnrolment.objects.filter(user=user).values_list("due_date", flat=True))
    assert dues == [start + dt.timedelta(days=1), start + dt.timedelta(days=2), start + dt.timedelta(days=2)]


def test_assigning_twice_changes_nothing(programme):
    user = UserFactory()
    first = programme_assign(programme=programme, user=user, due_date=dt.date(2026, 5, 1))
    again = programme_assign(programme=programme, user=user, due_date=dt.date(2027, 1, 1))
    assert again.pk == first.pk
    assert ProgrammeAssignment.objects.get().due_date == dt.date(2026, 5, 1)
    assert CourseEnrolment.objects.filter(user=user).count() == 3


def test_assigning_to_many_skips_people_who_have_it_and_audits_the_new_ones(programme):
    hr = HRAdminFactory().user
    already, fresh = UserFactory(), UserFactory()
    programme_assign(programme=programme, user=already, due_date=dt.date(2026, 5, 1))

    created = programme_assign_many(
        programme=programme, users=[already, fresh], assigned_by=hr, due_date=dt.date(2026, 6, 1)
    )

    assert [a.user_id for a in created] == [fresh.pk]
    assert created[0].source == AssignmentSource.MANUAL
    assert created[0].assigned_by == hr
    assert ProgrammeAssignment.objects.get(user=already).due_date == dt.date(2026, 5, 1)
    event = AuditEvent.objects.get(action="programme_assigned")
    assert event.subject_user == fresh
    assert event.actor == hr
