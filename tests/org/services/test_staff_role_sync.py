import pytest

from org.models import Role
from org.services import staff_role_sync
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


def _groups(profile):
    return set(profile.user.groups.values_list("name", flat=True))


def test_groups_follow_the_role_both_ways_and_other_groups_are_kept():
    from django.contrib.auth.models import Group

    profile = StaffProfileFactory(role=Role.TRAINER)
    other, _ = Group.objects.get_or_create(name="Site visitors")
    profile.user.groups.add(other)
    staff_role_sync(profile=profile)
    assert _groups(profile) == {"Editors", "Moderators", "Site visitors"}

    profile.role = Role.HR_ADMIN
    staff_role_sync(profile=profile)
    assert _groups(profile) == {"HR admins", "Site visitors"}

    profile.role = Role.TRAINEE
    staff_role_sync(profile=profile)
    assert _groups(profile) == {"Site visitors"}


def test_syncing_an_unchanged_role_writes_nothing(django_assert_num_queries):
    profile = StaffProfileFactory(role=Role.HR_ADMIN)
    staff_role_sync(profile=profile)
    with django_assert_num_queries(1):
        staff_role_sync(profile=profile)
