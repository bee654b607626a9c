"""The drills app's invariants (core.integrity; written down in docs/invariants.md): a drill's
status agrees with what was recorded of it, and its timeline counts from the alarm."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.integrity import Violation, violation
from drills.models import Drill, DrillAttendance, DrillStatus, DrillTimelineEvent, TimelineKind


def drills_match_their_records() -> list[Violation]:
    """A planned drill has no sign-in and no timeline entry (the first of them starts it); a
    closed drill had someone sign in and counts as held on the day it started; no milestone of
    the timeline comes before the drill's alarm. Three queries whatever the number of drills."""
    invariant = "drills.drill_record"
    found = []
    planned_with_records = Drill.objects.filter(status=DrillStatus.PLANNED).filter(
        Exists(DrillAttendance.objects.filter(drill=OuterRef("pk")))
        | Exists(DrillTimelineEvent.objects.filter(drill=OuterRef("pk")))
    )
    for pk in planned_with_records.values_list("pk", flat=True):
        found.append(violation(invariant, Drill, pk, _("A planned drill has sign-ins or timeline entries.")))
    closed = Drill.objects.filter(status=DrillStatus.CLOSED).annotate(signed=Count("attendances"))
    for drill in closed.only("pk", "held_on", "started_at"):
        if not drill.signed:
            found.append(violation(invariant, Drill, drill.pk, _("A closed drill nobody signed in to.")))
        elif drill.started_at and drill.held_on != timezone.localdate(drill.started_at):
            found.append(violation(invariant, Drill, drill.pk, _("A closed drill is not held on the day it started.")))
    alarms = DrillTimelineEvent.objects.filter(drill=OuterRef("drill"), kind=TimelineKind.ALARM)
    early = DrillTimelineEvent.objects.filter(
        Q(kind=TimelineKind.FIRST_RESPONSE) | Q(kind=TimelineKind.EVACUATION_COMPLETE)
    ).filter(~Exists(alarms.filter(occurred_at__lte=OuterRef("occurred_at"))))
    for pk, drill_id in early.values_list("pk", "drill_id"):
        found.append(
            violation(
                invariant,
                DrillTimelineEvent,
                pk,
                _("A drill's timeline has a milestone before its alarm."),
                related=[(Drill, drill_id)],
            )
        )
    return found
