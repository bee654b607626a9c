"""New staff get the programmes of their post through org.services.staff_upsert (the path both the
roster import and the demo take)."""

import datetime as dt

import pytest

from courses.models import CourseEnrolment, ProgrammeAssignment
from courses.models.records import AssignmentSource
from courses.services import programmes_auto_assign
from org.services import staff_upsert
from tests.factories.courses import CoursePageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import PostFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def onboarding(catalog):
    programme = ProgrammeFactory(name="新员工入职培训", due_days=8)
    programme.auto_assign_posts.set([PostFactory(code="kefu"), PostFactory(code="anbao")])
    programme.save()
    ProgrammeCourseFactory(programme=programme, course=CoursePageFactory(parent=catalog), day=1)
    return programme


def test_a_new_hire_of_a_target_post_gets_the_programme_due_from_their_hire_date(onboarding):
    hired = dt.date(2026, 4, 1)
    profile, created = staff_upsert(
        employee_number="N001", name="新同事", post=PostFactory(code="kefu"), site=SiteFactory(), hire_date=hired
    )
    assert created
    assignment = ProgrammeAssignment.objects.get(user=profile.user)
    assert assignment.programme == onboarding
    assert assignment.source == AssignmentSource.AUTO
    assert assignment.due_date == hired + dt.timedelta(days=8)
    assert CourseEnrolment.objects.filter(user=profile.user).count() == 1


def test_a_new_hire_of_another_post_gets_nothing(onboarding):
    profile, _ = staff_upsert(employee_number="N002", name="财务", post=PostFactory(code="caiwu"), site=SiteFactory())
    assert not ProgrammeAssignment.objects.filter(user=profile.user).exists()


def test_reimporting_the_same_person_does_not_assign_again(onboarding):
    kefu, site = PostFactory(code="kefu"), SiteFactory()
    staff_upsert(employee_number="N003", name="甲", post=kefu, site=site)
    staff_upsert(employee_number="N003", name="甲", post=kefu, site=site)
    assert ProgrammeAssignment.objects.count() == 1


def test_inactive_programmes_are_not_assigned(onboarding):
    onboarding.is_active = False
    onboarding.save()
    profile, _ = staff_upsert(employee_number="N004", name="乙", post=PostFactory(code="anbao"), site=SiteFactory())
    assert not ProgrammeAssignment.objects.filter(user=profile.user).exists()


def test_staff_without_a_post_get_nothing(onboarding):
    assert programmes_auto_assign(user=UserFactory(), post_id=None, hire_date=None) == []
