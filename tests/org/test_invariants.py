"""org.invariants: times in a post that overlap, and an open time in a post other than the
profile's, are each planted and reported with their row; tenures written by the services break
nothing."""

import datetime as dt

import pytest

from core.integrity import invariants_check
from org.models import PostTenure, StaffProfile
from org.services import post_tenure_record
from tests.factories.org import PostFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db

OVERLAP = "org.invariants.post_tenures_do_not_overlap"
CURRENT = "org.invariants.open_post_tenures_match_the_current_post"


def rows(path):
    return [(v.model, v.pk) for v in invariants_check(paths=[path])]


@pytest.fixture
def moved():
    """A person in post A from 1 January 2025, in post B (their post now) from 1 April."""
    post_a, post_b = PostFactory(code="kefu"), PostFactory(code="gongcheng")
    profile = StaffProfileFactory(post=post_b)
    post_tenure_record(profile=profile, post_id=post_a.pk, on=dt.date(2025, 1, 1))
    post_tenure_record(profile=profile, post_id=post_b.pk, on=dt.date(2025, 4, 1))
    return profile, post_a, post_b


def test_tenures_written_by_the_services_break_nothing(moved):
    assert rows(OVERLAP) == [] and rows(CURRENT) == []


def test_a_tenure_starting_before_the_previous_one_ended_is_reported(moved):
    profile, post_a, _post_b = moved
    PostTenure.objects.filter(profile=profile, post=post_a).update(ended_on=dt.date(2025, 4, 1))
    open_one = PostTenure.objects.get(profile=profile, ended_on__isnull=True)
    assert rows(OVERLAP) == [("org.PostTenure", open_one.pk)]


def test_a_tenure_starting_inside_a_longer_earlier_one_is_reported(moved):
    # Compared with every earlier tenure, not only the one just before it.
    profile, post_a, _post_b = moved
    PostTenure.objects.filter(profile=profile, post=post_a).update(ended_on=dt.date(2025, 12, 31))
    open_one = PostTenure.objects.get(profile=profile, ended_on__isnull=True)
    PostTenure.objects.filter(pk=open_one.pk).update(ended_on=dt.date(2025, 6, 30))
    third = PostTenure.objects.create(profile=profile, post=post_a, started_on=dt.date(2025, 8, 1))
    assert rows(OVERLAP) == [("org.PostTenure", open_one.pk), ("org.PostTenure", third.pk)]


def test_a_tenure_after_an_open_one_is_reported(moved):
    profile, post_a, _post_b = moved
    first = PostTenure.objects.get(profile=profile, post=post_a)
    PostTenure.objects.filter(profile=profile, ended_on__isnull=True).update(ended_on=dt.date(2025, 6, 30))
    PostTenure.objects.filter(pk=first.pk).update(ended_on=None)
    later = PostTenure.objects.get(profile=profile, started_on=dt.date(2025, 4, 1))
    assert rows(OVERLAP) == [("org.PostTenure", later.pk)]


def test_another_person_s_tenures_do_not_overlap_with_theirs(moved):
    other = StaffProfileFactory(post=moved[1])
    post_tenure_record(profile=other, post_id=moved[1].pk, on=dt.date(2025, 2, 1))
    assert rows(OVERLAP) == []


def test_an_open_tenure_in_another_post_than_the_profile_s_is_reported(moved):
    profile, post_a, _post_b = moved
    StaffProfile.objects.filter(pk=profile.pk).update(post=post_a)
    open_one = PostTenure.objects.get(profile=profile, ended_on__isnull=True)
    assert rows(CURRENT) == [("org.PostTenure", open_one.pk)]


def test_an_open_tenure_of_a_person_without_a_post_is_reported(moved):
    profile, _post_a, _post_b = moved
    StaffProfile.objects.filter(pk=profile.pk).update(post=None)
    open_one = PostTenure.objects.get(profile=profile, ended_on__isnull=True)
    assert rows(CURRENT) == [("org.PostTenure", open_one.pk)]
