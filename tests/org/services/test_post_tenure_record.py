"""Post history for pro-rated yearly targets: hiring opens a tenure, a change of post (roster
import, HR's edit) closes it the day before and opens the next; the same post changes nothing."""

import datetime as dt

import pytest
import time_machine

from org.models import PostTenure
from org.services import post_tenure_record, staff_upsert
from tests.factories.org import PostFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db


def tenures(profile):
    return list(PostTenure.objects.filter(profile=profile).values_list("post__code", "started_on", "ended_on"))


def test_hiring_then_a_change_of_post_records_both_tenures():
    kefu, gongcheng = PostFactory(code="kefu"), PostFactory(code="gongcheng")
    profile, _ = staff_upsert(employee_number="T001", name="甲", post=kefu, hire_date=dt.date(2025, 1, 1))
    with time_machine.travel(dt.datetime(2025, 4, 1, 2, tzinfo=dt.UTC)):
        staff_upsert(employee_number="T001", name="甲", post=gongcheng, hire_date=dt.date(2025, 1, 1))
        staff_upsert(employee_number="T001", name="甲", post=gongcheng, hire_date=dt.date(2025, 1, 1))
    assert tenures(profile) == [
        ("kefu", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        ("gongcheng", dt.date(2025, 4, 1), None),
    ]


def test_a_second_change_on_the_same_day_replaces_that_days_tenure():
    kefu, gongcheng, anbao = PostFactory(code="kefu"), PostFactory(code="gongcheng"), PostFactory(code="anbao")
    profile = StaffProfileFactory(post=kefu)
    post_tenure_record(profile=profile, post_id=kefu.pk, on=dt.date(2025, 1, 1))
    post_tenure_record(profile=profile, post_id=gongcheng.pk, on=dt.date(2025, 6, 1))
    post_tenure_record(profile=profile, post_id=anbao.pk, on=dt.date(2025, 6, 1))
    assert tenures(profile) == [
        ("kefu", dt.date(2025, 1, 1), dt.date(2025, 5, 31)),
        ("anbao", dt.date(2025, 6, 1), None),
    ]


def test_clearing_a_persons_post_ends_their_open_tenure():
    """A roster row without a post, or HR clearing it: the person holds no post from that day,
    so the open tenure ends the day before and the integrity check finds nothing."""
    from org.invariants import open_post_tenures_match_the_current_post

    kefu = PostFactory(code="kefu")
    profile, _ = staff_upsert(employee_number="T002", name="乙", post=kefu, hire_date=dt.date(2025, 1, 1))
    with time_machine.travel(dt.datetime(2025, 7, 1, 2, tzinfo=dt.UTC)):
        staff_upsert(employee_number="T002", name="乙", post=None, hire_date=dt.date(2025, 1, 1))
    assert tenures(profile) == [("kefu", dt.date(2025, 1, 1), dt.date(2025, 6, 30))]
    assert open_post_tenures_match_the_current_post() == []
