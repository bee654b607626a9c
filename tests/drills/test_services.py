"""Drill services: sign-in by code (window, forgery, scope, idempotence), the record (timeline
order, photos without metadata, findings, actions to closure), assessments as evidence, closing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from PIL import Image

from core.models import AuditEvent
from drills.events import DrillRole
from drills.models import DrillAttendance, DrillStatus, TimelineKind
from drills.services import (
    DrillClosed,
    DrillSignInRefused,
    corrective_action_add,
    corrective_action_close,
    drill_close,
    drill_finding_add,
    drill_photo_add,
    drill_plan,
    drill_role_assess,
    drill_sign_in,
    drill_timeline_record,
)
from drills.signin import drill_signin_code
from skills.models import Evidence, EvidenceKind
from tests.drills.helpers import fire_type, jpeg_with_gps, plan_fire_drill, sign_in

pytestmark = pytest.mark.django_db


def test_staff_sign_in_once_and_it_becomes_evidence(dw):
    person = dw.staff[0].user
    attendance, created = sign_in(dw.drill, person)
    again, created_again = sign_in(dw.drill, person)
    assert created and not created_again and again.pk == attendance.pk
    assert DrillAttendance.objects.filter(drill=dw.drill).count() == 1
    evidence = Evidence.objects.filter(user=person, kind=EvidenceKind.DRILL)
    assert evidence.count() == 1
    assert evidence.get().source_id == str(attendance.pk) and evidence.get().passed is True
    dw.drill.refresh_from_db()
    assert dw.drill.status == DrillStatus.IN_PROGRESS and dw.drill.started_at is not None


def test_an_expired_code_is_refused_with_a_clear_message(dw):
    now = timezone.now()
    old = drill_signin_code(drill_id=dw.drill.pk, site_id=dw.site.pk, at=now - dt.timedelta(minutes=3))
    with pytest.raises(DrillSignInRefused) as refused:
        drill_sign_in(drill=dw.drill, user=dw.staff[0].user, code=old, now=now)
    assert refused.value.code == "expired" and "expired" in refused.value.message
    assert not DrillAttendance.objects.exists()


def test_the_previous_minutes_code_still_signs_in(dw):
    now = timezone.now()
    previous = drill_signin_code(drill_id=dw.drill.pk, site_id=dw.site.pk, at=now - dt.timedelta(seconds=60))
    _attendance, created = drill_sign_in(drill=dw.drill, user=dw.staff[0].user, code=previous, now=now)
    assert created


def test_a_code_of_another_drill_is_refused(dw):
    other = plan_fire_drill(site=dw.site, lead=dw.manager.user)
    now = timezone.now()
    foreign = drill_signin_code(drill_id=other.pk, site_id=dw.site.pk, at=now)
    with pytest.raises(DrillSignInRefused) as refused:
        drill_sign_in(drill=dw.drill, user=dw.staff[0].user, code=foreign, now=now)
    assert refused.value.code == "foreign"


def test_staff_of_another_site_cannot_sign_in(dw):
    with pytest.raises(DrillSignInRefused) as refused:
        sign_in(dw.drill, dw.outsider.user)
    assert refused.value.code == "scope"
    with pytest.raises(DrillSignInRefused):
        sign_in(dw.drill, dw.manager_elsewhere.user)
    assert not Evidence.objects.filter(user=dw.outsider.user).exists()


def test_staff_who_left_cannot_sign_in(dw):
    dw.staff[1].left_at = timezone.localdate()
    dw.staff[1].save()
    with pytest.raises(DrillSignInRefused):
        sign_in(dw.drill, dw.staff[1].user)


def test_a_closed_drill_takes_no_sign_in(dw):
    sign_in(dw.drill, dw.staff[0].user)
    drill_close(drill=dw.drill, actor=dw.manager.user)
    with pytest.raises(DrillSignInRefused) as refused:
        sign_in(dw.drill, dw.staff[1].user)
    assert refused.value.code == "closed"


def test_planning_is_for_the_planners_sites_and_a_lead_of_the_site(dw):
    with pytest.raises(PermissionDenied):
        drill_plan(
            planner=dw.manager_elsewhere.user,
            site=dw.site,
            drill_type=fire_type(),
            planned_on=timezone.localdate(),
            lead=dw.manager_elsewhere.user,
        )
    with pytest.raises(ValidationError):
        drill_plan(
            planner=dw.manager.user,
            site=dw.site,
            drill_type=fire_type(),
            planned_on=timezone.localdate(),
            lead=dw.outsider.user,
        )


def test_the_timeline_counts_from_the_alarm_in_order(dw):
    from drills.selectors import drill_record

    lead = dw.manager.user
    alarm = timezone.now().replace(microsecond=0)
    with pytest.raises(ValidationError):
        drill_timeline_record(drill=dw.drill, actor=lead, kind=TimelineKind.FIRST_RESPONSE, now=alarm)
    drill_timeline_record(drill=dw.drill, actor=lead, kind=TimelineKind.ALARM, now=alarm)
    drill_timeline_record(
        drill=dw.drill, actor=lead, kind=TimelineKind.FIRST_RESPONSE, now=alarm + dt.timedelta(seconds=95)
    )
    drill_timeline_record(
        drill=dw.drill, actor=lead, kind=TimelineKind.EVACUATION_COMPLETE, now=alarm + dt.timedelta(seconds=375)
    )
    with pytest.raises(ValidationError):
        drill_timeline_record(drill=dw.drill, actor=lead, kind=TimelineKind.ALARM, now=alarm)
    rows = drill_record(drill=dw.drill).timeline
    assert [row.elapsed_text for row in rows] == ["+0:00", "+1:35", "+6:15"]


def test_only_the_lead_managers_and_hr_record_a_drill(dw):
    for outsider in (dw.staff[0].user, dw.manager_elsewhere.user):
        with pytest.raises(PermissionDenied):
            drill_finding_add(drill=dw.drill, actor=outsider, text="x")
    assert drill_finding_add(drill=dw.drill, actor=dw.hr.user, text="通道堵塞").text == "通道堵塞"


def test_a_photo_is_stored_without_its_gps_tags(dw):
    photo = drill_photo_add(drill=dw.drill, actor=dw.manager.user, upload=jpeg_with_gps(), caption="集合点")
    with photo.image.open("rb") as handle, Image.open(handle) as stored:
        exif = stored.getexif()
        assert 0x8825 not in exif and 0x0110 not in exif and not exif
        assert max(stored.size) <= 1600


def test_a_file_that_is_not_a_photo_is_refused(dw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        drill_photo_add(
            drill=dw.drill, actor=dw.manager.user, upload=SimpleUploadedFile("x.jpg", b"<script>", "image/jpeg")
        )


def test_assessing_a_role_is_audited_and_evidence_for_the_competency(dw):
    from tests.factories.skills import CompetencyFactory

    competency = CompetencyFactory(code="fire_drill", name="消防应急")
    person = dw.staff[0].user
    attendance, _created = sign_in(dw.drill, person)
    drill_role_assess(attendance=attendance, actor=dw.manager.user, role=DrillRole.EVACUATION, rating=4, note="好")
    drill_role_assess(attendance=attendance, actor=dw.manager.user, role=DrillRole.EVACUATION, rating=2)
    active = Evidence.objects.active().filter(user=person, source_type="drills.DrillRoleAssessment")
    assert active.count() == 1
    entry = active.get()
    assert entry.rating == 2 and entry.percent == 40 and entry.passed is False and entry.competency == competency
    assert Evidence.objects.filter(user=person, source_type="drills.DrillRoleAssessment").count() == 2
    # attendance evidence is kept beside it, for the same competency
    assert Evidence.objects.active().filter(user=person, source_type="drills.DrillAttendance", competency=competency)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.GRADE_CHANGE, subject_user=person).count() == 2


def test_a_rating_outside_one_to_five_is_refused(dw):
    attendance, _created = sign_in(dw.drill, dw.staff[0].user)
    with pytest.raises(ValidationError):
        drill_role_assess(attendance=attendance, actor=dw.manager.user, role=DrillRole.ALARM, rating=6)


def test_a_drill_nobody_attended_cannot_be_closed(dw):
    with pytest.raises(ValidationError):
        drill_close(drill=dw.drill, actor=dw.manager.user)


def test_a_closed_drill_is_final_and_counts_from_the_day_it_started(dw):
    yesterday = timezone.now() - dt.timedelta(days=1)
    sign_in(dw.drill, dw.staff[0].user, at=yesterday)
    drill = drill_close(drill=dw.drill, actor=dw.manager.user, summary="顺利")
    assert drill.held_on == timezone.localdate(yesterday) and drill.status == DrillStatus.CLOSED
    with pytest.raises(DrillClosed):
        drill_finding_add(drill=drill, actor=dw.manager.user, text="晚了")


def test_actions_are_tracked_to_closure_by_their_owner(dw):
    owner = dw.staff[1].user
    action = corrective_action_add(
        drill=dw.drill,
        actor=dw.manager.user,
        description="清理消防通道",
        owner=owner,
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )
    with pytest.raises(PermissionDenied):
        corrective_action_close(action=action, actor=dw.staff[2].user, note="done")
    with pytest.raises(ValidationError):
        corrective_action_close(action=action, actor=owner, note="  ")
    closed = corrective_action_close(action=action, actor=owner, note="已清空")
    assert closed.closed_at and closed.closed_by == owner
    with pytest.raises(ValidationError):
        corrective_action_close(action=action, actor=owner, note="again")


def test_an_action_owner_must_belong_to_the_site(dw):
    with pytest.raises(ValidationError):
        corrective_action_add(
            drill=dw.drill, actor=dw.manager.user, description="x", owner=dw.outsider.user, due_on=timezone.localdate()
        )
