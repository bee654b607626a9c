"""What the drills app announces (settings.LMS_EVENT_LISTENERS): a person took part in a drill,
and the lead assessed how they filled their role. The skills app turns both into evidence.

The roles a person can play in a drill are part of the fact announced, so they live here: a
listener may import this module and show a role's label in its reader's language."""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class DrillRole(models.TextChoices):
    """What a person did in a drill (应急演练的分工)."""

    PARTICIPANT = "participant", _("Participant")
    COMMANDER = "commander", _("Drill commander")
    ALARM = "alarm", _("Alarm and communication")
    EVACUATION = "evacuation", _("Evacuation guide")
    FIREFIGHTING = "firefighting", _("Initial firefighting")
    RESCUE = "rescue", _("Rescue and first aid")
    CORDON = "cordon", _("Cordon and security")
    LOGISTICS = "logistics", _("Equipment and logistics")


@dataclass(frozen=True)
class DrillAttended:
    """`user_id` signed in to a drill (by the lead's QR code), once per person and drill."""

    attendance_id: int
    drill_id: int
    user_id: int
    drill_type: str  # the drill type's name, as the company calls it
    site: str
    competency_code: str  # the competency the drill type shows ("" for none)
    signed_in_at: dt.datetime


@dataclass(frozen=True)
class DrillRoleAssessed:
    """The drill's lead rated how `user_id` filled `role` (1–5). A new rating of the same
    attendance replaces the earlier one."""

    attendance_id: int
    drill_id: int
    user_id: int
    drill_type: str
    site: str
    competency_code: str
    role: str  # a DrillRole value
    rating: int
    note: str
    assessed_by_id: int
    assessed_at: dt.datetime
