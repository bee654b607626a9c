"""The drills invariant: each kind of contradiction, planted with a raw update, is reported; a
drill made through the services reports nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from drills.invariants import drills_match_their_records
from drills.models import Drill, DrillStatus, DrillTimelineEvent, TimelineKind
from drills.services import drill_close, drill_timeline_record
from tests.drills.helpers import sign_in

pytestmark = pytest.mark.django_db


def rows(found):
    return {(v.row.model, str(v.row.pk)) for v in found}


def test_a_drill_recorded_through_the_services_agrees(dw):
    sign_in(dw.drill, dw.staff[0].user)
    drill_timeline_record(drill=dw.drill, actor=dw.manager.user, kind=TimelineKind.ALARM)
    drill_timeline_record(drill=dw.drill, actor=dw.manager.user, kind=TimelineKind.FIRST_RESPONSE)
    drill_close(drill=dw.drill, actor=dw.manager.user)
    assert drills_match_their_records() == []


def test_a_planned_drill_with_a_sign_in_is_reported(dw):
    sign_in(dw.drill, dw.staff[0].user)
    Drill.objects.filter(pk=dw.drill.pk).update(status=DrillStatus.PLANNED)
    assert rows(drills_match_their_records()) == {("drills.Drill", str(dw.drill.pk))}


def test_a_closed_drill_without_sign_ins_is_reported(dw):
    sign_in(dw.drill, dw.staff[0].user)
    drill_close(drill=dw.drill, actor=dw.manager.user)
    dw.drill.attendances.all().delete()
    assert rows(drills_match_their_records()) == {("drills.Drill", str(dw.drill.pk))}


def test_a_closed_drill_held_on_another_day_is_reported(dw):
    sign_in(dw.drill, dw.staff[0].user)
    drill_close(drill=dw.drill, actor=dw.manager.user)
    Drill.objects.filter(pk=dw.drill.pk).update(held_on=timezone.localdate() - dt.timedelta(days=3))
    assert rows(drills_match_their_records()) == {("drills.Drill", str(dw.drill.pk))}


def test_a_milestone_before_the_alarm_is_reported(dw):
    now = timezone.now()
    drill_timeline_record(drill=dw.drill, actor=dw.manager.user, kind=TimelineKind.ALARM, now=now)
    response = drill_timeline_record(
        drill=dw.drill, actor=dw.manager.user, kind=TimelineKind.FIRST_RESPONSE, now=now + dt.timedelta(seconds=60)
    )
    DrillTimelineEvent.objects.filter(pk=response.pk).update(occurred_at=now - dt.timedelta(seconds=60))
    assert rows(drills_match_their_records()) == {("drills.DrillTimelineEvent", str(response.pk))}
