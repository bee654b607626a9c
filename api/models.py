"""Records the API keeps of its own: a roster sync too long to apply while the HR system waits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RosterSyncJob(models.Model):
    """A roster sync from the HR system queued for a task worker (POST /api/v1/people/roster with
    more than ROSTER_SYNC_INLINE_MAX_ROWS rows). It is applied all-or-nothing; `results` holds the
    per-row report the synchronous answer would have given. The rows, which carry personal data,
    are emptied once the job has finished."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    row_count = models.PositiveIntegerField(_("row count"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    # [{"row": 1, "employee_number": "E1", "status": "created", "error": None}, ...]
    results = models.JSONField(_("results"), default=list, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster sync")
        verbose_name_plural = _("roster syncs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"roster sync {self.pk} ({self.status})"
