"""The audit trail: append-only records of grade changes and of views, exports and erasures of
staff personal data."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk edits would bypass save()/delete(); refuse them too. Corrections are new rows.
    On PostgreSQL the tables also carry triggers that refuse UPDATE and DELETE from any client
    (migrations lms 0002, skills 0005)."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")


class AppendOnlyModel(models.Model):
    """A record that is written once and never changed or removed through the ORM."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")


class AuditEvent(AppendOnlyModel):
    class Action(models.TextChoices):
        GRADE_CHANGE = "grade_change", _("Grade changed")
        PERSONAL_VIEW = "personal_view", _("Personal data viewed")
        PERSONAL_EXPORT = "personal_export", _("Personal data exported")
        PERSONAL_ERASE = "personal_erase", _("Personal data erased")
        PERSONAL_CHANGE = "personal_change", _("Personal data changed")
        ROSTER_IMPORT = "roster_import", _("Roster imported")
        CERTIFICATE_REVOKE = "certificate_revoke", _("Certificate revoked")
        PROMOTION_DECISION = "promotion_decision", _("Promotion decided")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices, db_index=True)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_type}#{self.object_id}"

    @property
    def object_type_name(self) -> str:
        """What `object_type` ("org.StaffProfile") names, in the reader's language: the model's
        verbose name; the stored label when no model of that name is installed any more."""
        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.object_type
