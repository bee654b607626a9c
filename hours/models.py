"""学时 (learning hours): the yearly hours each post is expected to earn, and Excel exports of the
report built in the background. Credited hours themselves are not stored: they are the stated
hours of the courses a person completed, summed when the report is read (hours.selectors)."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models.pages import SubjectArea


class HoursTarget(models.Model):
    """A post's yearly target, overall (subject area left empty) or in one subject area (安全培训
    24 hours a year). A person who held several posts in a year gets each post's target
    pro-rated by the days they held it (org.PostTenure)."""

    post = models.ForeignKey("org.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="+")
    subject_area = models.CharField(_("subject area"), max_length=20, choices=SubjectArea.choices, blank=True)
    hours_per_year = models.DecimalField(
        _("hours a year"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("learning hours target")
        verbose_name_plural = _("learning hours targets")
        ordering = ["post", "subject_area"]
        constraints = [
            models.UniqueConstraint(fields=["post", "subject_area"], name="hours_target_once_per_post_area"),
            models.CheckConstraint(condition=Q(hours_per_year__gte=0), name="hours_target_not_negative"),
        ]

    def __str__(self) -> str:
        area = self.get_subject_area_display() if self.subject_area else _("all subject areas")
        return f"{self.post} · {area} · {self.hours_per_year}"


def hours_export_path(instance: "HoursExport", filename: str) -> str:
    # A random name in private storage: the file names staff; it leaves only through the view.
    return f"hours_exports/{uuid.uuid4().hex}.xlsx"


class HoursExport(models.Model):
    """An Excel file of the 学时 report for the requester's scope, period and grouping, built by
    hours.tasks.hours_export_build_task and downloaded by the requester only."""

    ERROR_NOT_ALLOWED = "requester no longer manages anyone"
    ERROR_FAILED = "build failed"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        READY = "ready", pgettext_lazy("export status", "Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", pgettext_lazy("export status", "Expired")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    # The report's query as the page holds it: {"since": "2026-01-01", "until": "…", "by": "site"}.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(pgettext_lazy("row count", "rows"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=hours_export_path, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("learning hours export")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="ready") | ~Q(file=""), name="hours_export_ready_has_file"),
        ]

    def __str__(self) -> str:
        return f"{self.filters} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
