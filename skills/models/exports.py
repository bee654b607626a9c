"""Excel exports of the managers' dashboard, built in the background (a whole company takes
seconds) and downloaded by the manager who asked for them, and only by them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def dashboard_export_path(instance: "DashboardExport", filename: str) -> str:
    # A random name in private storage: the file holds staff personal data, is never served from
    # MEDIA_URL (nginx refuses /media/ but images) and goes out only through the download view.
    return f"skills_exports/{uuid.uuid4().hex}.xlsx"


class DashboardExport(models.Model):
    # Stored as an export's error and shown translated (error_display): the stuck sweep gave up
    # on it; its requester no longer manages anyone; the build failed (the details, which may name
    # hosts or paths, go to the server log only).
    ERROR_LOST = "lost with its worker"
    ERROR_NOT_ALLOWED = "requester no longer manages anyone"
    ERROR_FAILED = "build failed"

    class Table(models.TextChoices):
        MATRIX = "matrix", _("Skill matrix")
        COMPLIANCE = "compliance", _("Onboarding compliance by site")
        LATE = "late", _("Who is late")
        FOLLOW_UPS = "follow_ups", _("Follow-up evaluations due and overdue")
        PROMOTIONS = "promotions", _("Promotions waiting")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        READY = "ready", pgettext_lazy("export status", "Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    table = models.CharField(_("table"), max_length=16, choices=Table.choices)
    # The dashboard's filters as its query string holds them: {"site": "3", "post": "1", "q": "王"}.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(pgettext_lazy("row count", "rows"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=dashboard_export_path, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dashboard export")
        verbose_name_plural = _("dashboard exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="dashboard_export_by_user")]
        constraints = [
            # A ready export always has its file.
            models.CheckConstraint(condition=~Q(status="ready") | ~Q(file=""), name="dashboard_export_ready_has_file"),
        ]

    def __str__(self) -> str:
        return f"{self.table} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def error_display(self) -> str:
        """The stored error in the reader's language (an older row may hold other text)."""
        return str(ERROR_MESSAGES.get(self.error, self.error))

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


ERROR_MESSAGES = {
    DashboardExport.ERROR_LOST: _("It was not finished in time (its worker may have stopped)."),
    DashboardExport.ERROR_NOT_ALLOWED: _("You no longer manage anyone, so there is nothing to export."),
    DashboardExport.ERROR_FAILED: _(
        "Something went wrong while building it; the administrators can see the details in the log."
    ),
}
