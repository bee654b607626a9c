"""Emergency drills (应急演练): the kinds of drill the company runs, how often each kind of site
must hold each one, and the record of each drill — its plan, who signed in and in which role,
the timeline from the alarm, photos, findings and the corrective actions tracked to closure."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from drills.events import DrillRole


class DrillType(models.Model):
    """A kind of drill the company defines: fire evacuation, lift entrapment, water leak or flood,
    power cut, gas leak, or others."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    # The competency a drill of this kind shows (skills' Competency.code): attendance and the
    # lead's assessment become evidence for it. Blank: evidence without a competency.
    competency_code = models.SlugField(
        _("competency code"),
        max_length=50,
        blank=True,
        help_text=_("The code of the competency this drill shows, e.g. fire_drill."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("drill type")
        verbose_name_plural = _("drill types")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class DrillRequirement(models.Model):
    """How often a kind of site must hold a kind of drill: at least once every `interval_months`
    (for example, a fire drill every six months in a crowded place)."""

    site_type = models.ForeignKey(
        "org.SiteType", verbose_name=_("site type"), on_delete=models.CASCADE, related_name="drill_requirements"
    )
    drill_type = models.ForeignKey(
        DrillType, verbose_name=_("drill type"), on_delete=models.CASCADE, related_name="requirements"
    )
    interval_months = models.PositiveSmallIntegerField(
        _("at least every (months)"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = _("drill requirement")
        verbose_name_plural = _("drill requirements")
        ordering = ["site_type__code", "drill_type__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["site_type", "drill_type"], name="drill_requirement_once_per_type"),
            models.CheckConstraint(
                condition=Q(interval_months__gte=1, interval_months__lte=60), name="drill_requirement_interval_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site_type} · {self.drill_type} · {self.interval_months}"


class DrillStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("drill status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("drill status", "In progress")
    CLOSED = "closed", pgettext_lazy("drill status", "Closed")


class Drill(models.Model):
    site = models.ForeignKey("org.Site", verbose_name=_("site"), on_delete=models.PROTECT, related_name="drills")
    drill_type = models.ForeignKey(
        DrillType, verbose_name=_("drill type"), on_delete=models.PROTECT, related_name="drills"
    )
    planned_on = models.DateField(_("planned date"))
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lead"), on_delete=models.PROTECT, related_name="drills_led"
    )
    # A scenario to prepare with (a scenarios.ScenarioPage; drills do not import scenarios).
    scenario = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("scenario for preparation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan = models.TextField(_("plan"), blank=True, max_length=4000)
    status = models.CharField(
        _("status"), max_length=16, choices=DrillStatus.choices, default=DrillStatus.PLANNED, db_index=True
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The day the drill was held (set when it is closed): what the required frequency counts from.
    held_on = models.DateField(_("held on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        ordering = ["-planned_on", "-id"]
        indexes = [models.Index(fields=["site", "drill_type", "status"], name="drill_site_type_status")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="closed") & Q(closed_at__isnull=False) & Q(held_on__isnull=False))
                | (~Q(status="closed") & Q(closed_at__isnull=True) & Q(held_on__isnull=True)),
                name="drill_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(started_at__isnull=False), name="drill_started_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.drill_type} · {self.planned_on:%Y-%m-%d}"

    @property
    def is_closed(self) -> bool:
        return self.status == DrillStatus.CLOSED


class DrillAttendance(models.Model):
    drill = models.ForeignKey(Drill, verbose_name=_("drill"), on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="drill_attendances"
    )
    signed_in_at = models.DateTimeField(_("signed in at"))
    role = models.CharField(
        _("role in the drill"), max_length=16, choices=DrillRole.choices, default=DrillRole.PARTICIPANT
    )
    rating = models.PositiveSmallIntegerField(
        _("assessment"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    assessment_note = models.CharField(_("assessment note"), max_length=500, blank=True)
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("drill attendance")
        verbose_name_plural = _("drill attendances")
        ordering = ["signed_in_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["drill", "user"], name="drill_attendance_once_per_person"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="drill_attendance_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.drill_id}:{self.user_id}"


class TimelineKind(models.TextChoices):
    ALARM = "alarm", _("Alarm raised")
    FIRST_RESPONSE = "first_response", _("First response on the scene")
    EVACUATION_COMPLETE = "evacuation_complete", _("Evacuation complete")
    OTHER = "other", pgettext_lazy("drill timeline", "Other")


class DrillTimelineEvent(models.Model):
    drill = models.ForeignKey(Drill, verbose_name=_("drill"), on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("what happened"), max_length=24, choices=TimelineKind.choices)
    occurred_at = models.DateTimeField(_("time"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("drill timeline event")
        verbose_name_plural = _("drill timeline events")
        ordering = ["occurred_at", "id"]
        constraints = [
            # The alarm, the first response and the end of the evacuation happen once a drill.
            models.UniqueConstraint(
                fields=["drill", "kind"], condition=~Q(kind="other"), name="drill_timeline_milestone_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.drill_id}:{self.kind}"


def drill_photo_path(instance: "DrillPhoto", filename: str) -> str:
    # A random name: a site photo is not to be found by guessing its URL (served through a view).
    return f"drills/photos/{uuid.uuid4().hex}.jpg"


class DrillPhoto(models.Model):
    drill = models.ForeignKey(Drill, verbose_name=_("drill"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=drill_photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("drill photo")
        verbose_name_plural = _("drill photos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class DrillFinding(models.Model):
    drill = models.ForeignKey(Drill, verbose_name=_("drill"), on_delete=models.CASCADE, related_name="findings")
    text = models.CharField(_("finding"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("drill finding")
        verbose_name_plural = _("drill findings")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class CorrectiveAction(models.Model):
    """What must be put right after a drill, by whom and by when; open until its owner (or the
    lead, or the site's manager) closes it with a note on what was done."""

    drill = models.ForeignKey(Drill, verbose_name=_("drill"), on_delete=models.CASCADE, related_name="actions")
    finding = models.ForeignKey(
        DrillFinding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    description = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="drill_actions"
    )
    due_on = models.DateField(_("due date"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closing_note = models.CharField(_("what was done"), max_length=500, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(closing_note=""), name="corrective_action_closed_has_note"
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None
