"""skills.invariants: a level that skipped its gate, a sign-off naming nobody, a follow-up without
its completed course and a reminder sent to nobody are each planted and reported with their row."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.models import CourseEnrolment
from org.models import StaffProfile
from privacy.services import personal_data_erase
from skills.models import (
    CriterionKind,
    Evidence,
    EvidenceKind,
    FollowUp,
    FollowUpEvaluation,
    LevelBasis,
    LevelRecord,
    ReminderSent,
)
from skills.services import evidence_correct, level_record_create, level_sign_off
from skills.services.levels import SignOffIncomplete
from tests.factories.org import HRAdminFactory, StaffProfileFactory
from tests.factories.records_world import invariant_rows, records_world_build
from tests.factories.skills import LevelCriterionFactory, LevelLadderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(catalog):
    """Records made through the services (tests/factories/records_world.py)."""
    return records_world_build()


LEVELS = "skills.invariants.level_records_meet_their_gate"
FOLLOW_UPS = "skills.invariants.follow_ups_belong_to_completed_enrolments"
REMINDERS = "skills.invariants.follow_up_reminders_reached_someone"


def level_row(record):
    return ("skills.LevelRecord", record.pk)


def newcomer(world):
    return StaffProfileFactory(site=world.manager.site, post=world.post, post_since=timezone.localdate())


def test_a_level_granted_without_its_criteria_is_reported(records):
    person = newcomer(records)  # has not completed the course the level asks for
    record = level_record_create(user=person.user, post=records.post, level=1, approved_by=records.manager.user)
    found = import_violations(LEVELS)
    assert [(v.model, v.pk) for v in found] == [level_row(record)]
    assert records.course.title in found[0].message


def test_a_level_granted_before_the_evidence_it_needs_was_recorded_is_reported(records):
    record = records.level()
    course_done = Evidence.objects.get(user=record.user, kind=EvidenceKind.COURSE, course=records.course)
    LevelRecord._base_manager.filter(pk=record.pk).update(awarded_at=course_done.created_at - dt.timedelta(minutes=5))
    assert invariant_rows(LEVELS) == [level_row(record)]


def test_evidence_withdrawn_after_a_level_was_granted_does_not_unmake_the_level(records):
    record = records.level()
    course_done = Evidence.objects.get(user=record.user, kind=EvidenceKind.COURSE, course=records.course)
    evidence_correct(evidence=course_done, corrected_by=records.manager.user, note="复核", withdraw=True)
    assert invariant_rows(LEVELS) == []


def test_a_level_approved_by_nobody_misses_the_managers_sign_off(records):
    record = records.level()
    LevelRecord._base_manager.filter(pk=record.pk).update(approved_by=None)
    assert invariant_rows(LEVELS) == [level_row(record)]


def test_months_in_post_are_counted_on_the_day_the_level_was_granted(records):
    ladder = LevelLadderFactory(post=records.post)
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=2)
    record = records.level()  # three months in post when granted (today)
    assert invariant_rows(LEVELS) == []
    StaffProfile.objects.filter(user=record.user).update(post_since=timezone.localdate() - dt.timedelta(days=50))
    assert invariant_rows(LEVELS) == [level_row(record)]  # one month in post when granted
    LevelRecord._base_manager.filter(pk=record.pk).update(awarded_at=record.awarded_at + dt.timedelta(days=20))
    assert invariant_rows(LEVELS) == []  # granted twenty days later, it would have been two


def test_an_erased_persons_months_can_no_longer_be_checked_and_do_not_count_against_them(records):
    LevelCriterionFactory(
        ladder=LevelLadderFactory(post=records.post), level=1, kind=CriterionKind.MONTHS_IN_POST, months=2
    )
    personal_data_erase(actor=HRAdminFactory().user, profile=records.trainee)
    assert invariant_rows(LEVELS) == []


def test_a_named_sign_off_stands_without_the_criteria(records):
    person = newcomer(records)
    level_sign_off(
        user=person.user,
        post=records.post,
        level=1,
        signed_off_by=records.manager.user,
        reason="外公司中级",
    )
    assert invariant_rows(LEVELS) == []


def test_a_sign_off_needs_a_name_and_a_reason(records):
    person = newcomer(records)
    with pytest.raises(SignOffIncomplete):
        level_sign_off(user=person.user, post=records.post, level=1, signed_off_by=records.manager.user, reason=" ")
    with pytest.raises(SignOffIncomplete):
        level_sign_off(
            user=person.user,
            post=records.post,
            level=2,
            signed_off_by=records.manager.user,
            reason="老员工",
        )
    record = level_sign_off(
        user=person.user, post=records.post, level=1, signed_off_by=records.manager.user, reason="老员工"
    )
    assert record.basis == LevelBasis.SIGN_OFF
    LevelRecord._base_manager.filter(pk=record.pk).update(approved_by=None)  # the signer's login was deleted
    assert invariant_rows(LEVELS) == [level_row(record)]


def test_a_level_above_one_not_held_from_below_is_reported(records):
    person = newcomer(records)
    record = level_record_create(
        user=person.user,
        post=records.post,
        level=2,
        approved_by=records.manager.user,
        note="直接评为中级",
        basis=LevelBasis.SIGN_OFF,
    )
    assert invariant_rows(LEVELS) == [level_row(record)]


def test_a_follow_up_of_an_enrolment_that_is_not_completed_is_reported(records):
    follow_up = records.follow_up()
    CourseEnrolment.objects.filter(pk=follow_up.enrolment_id).update(completed_at=None)
    assert ("skills.FollowUp", follow_up.pk) in invariant_rows(FOLLOW_UPS)


def test_a_follow_up_of_someone_elses_enrolment_is_reported(records):
    follow_up = records.follow_up()
    FollowUp.objects.filter(pk=follow_up.pk).update(trainee=records.manager.user)
    assert invariant_rows(FOLLOW_UPS) == [("skills.FollowUp", follow_up.pk)]


def test_a_done_follow_up_without_its_evaluation_or_evaluated_too_early_is_reported(records):
    follow_up = records.follow_up()
    FollowUpEvaluation.objects.filter(follow_up=follow_up).update(
        created_at=records.enrolment().completed_at - dt.timedelta(days=1)
    )
    assert invariant_rows(FOLLOW_UPS) == [("skills.FollowUp", follow_up.pk)]
    FollowUpEvaluation.objects.filter(follow_up=follow_up).delete()
    assert invariant_rows(FOLLOW_UPS) == [("skills.FollowUp", follow_up.pk)]


def test_a_reminder_recorded_as_sent_to_nobody_is_reported(records):
    reminder = ReminderSent.objects.order_by("pk").first()
    assert reminder.recipients and invariant_rows(REMINDERS) == []
    ReminderSent.objects.filter(pk=reminder.pk).update(recipients=[])
    assert invariant_rows(REMINDERS) == [("skills.ReminderSent", reminder.pk)]


def import_violations(path):
    from django.utils.module_loading import import_string

    return import_string(path)()


def test_a_sign_off_above_the_top_level_is_refused(records):
    """Found by the random-actions test: signing someone at 专家 off for a fifth level crashed."""
    person = newcomer(records)
    for level in (1, 2, 3, 4):
        level_sign_off(
            user=person.user, post=records.post, level=level, signed_off_by=records.manager.user, reason="认定"
        )
    with pytest.raises(SignOffIncomplete):
        level_sign_off(user=person.user, post=records.post, level=5, signed_off_by=records.manager.user, reason="认定")
    assert invariant_rows(LEVELS) == []
