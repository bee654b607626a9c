"""Issued certificates and the reminders sent about them."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from certificates.models.templates import CertificateRule, CertificateTemplate

# A certificate starts to count as "expiring" this many days before it expires (the first reminder).
EXPIRING_WITHIN_DAYS = 60


def certificate_code_new() -> str:
    """16 URL-safe characters from 96 random bits: unguessable, short enough to type."""
    return secrets.token_urlsafe(12)


class RenderStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", pgettext_lazy("certificate file", "Ready")
    FAILED = "failed", _("Failed")
    ERASED = "erased", _("Removed with the holder's personal data")


class LiveStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Certificate(models.Model):
    """One certificate held by one person for one achievement. `achievement_key` names the
    achievement ("course:12", "programme:3", "skill_level:2:post:5"); with `cycle` it is unique per
    holder, which is what makes issuing exactly-once even when triggers race. A renewal is the next
    cycle and points at the certificate it renews.

    Holder name, site and achievement title are copied at issue: a certificate states what was true
    when it was issued, as the printed copy on the wall does."""

    code = models.CharField(_("verification code"), max_length=32, unique=True, default=certificate_code_new)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="certificates"
    )
    template = models.ForeignKey(
        CertificateTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="certificates"
    )
    rule = models.ForeignKey(
        CertificateRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    achievement_key = models.CharField(_("achievement key"), max_length=64)
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1, validators=[MinValueValidator(1)])
    achievement = models.CharField(_("achievement"), max_length=200)
    holder_name = models.CharField(_("holder's name"), max_length=50)
    employee_number = models.CharField(_("employee number"), max_length=32, blank=True)
    site_name = models.CharField(_("site"), max_length=100, blank=True)
    post_name = models.CharField(_("post"), max_length=50, blank=True)
    # A percentage (the course's quiz grades, certificates.services.issuing._course_score).
    score = models.DecimalField(
        _("score"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    renewed_from = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewed_by",
    )

    status = models.CharField(
        _("file status"), max_length=10, choices=RenderStatus.choices, default=RenderStatus.PENDING, db_index=True
    )
    file = models.FileField(_("PDF"), upload_to="certificates/%Y/%m/", blank=True)
    render_error = models.TextField(_("render error"), blank=True)
    render_attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    # When the render task was last queued: a certificate still pending long after it was queued
    # lost its task (a killed worker) and is queued again (certificates_render_stuck_requeue).
    render_queued_at = models.DateTimeField(_("queued for rendering at"), null=True, blank=True)

    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "achievement_key", "cycle"], name="certificate_once_per_achievement"
            ),
            # A ready certificate always has its file.
            models.CheckConstraint(condition=~Q(status="ready") | ~Q(file=""), name="certificate_ready_has_file"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100), name="certificate_score_percent"
            ),
            models.CheckConstraint(condition=Q(cycle__gte=1), name="certificate_cycle_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.achievement} · {self.holder_name} ({self.code})"

    def live_status(self, *, today: dt.date | None = None, erased: bool = False) -> str:
        """Status as an employer checking it today should see it."""
        if erased:
            return LiveStatus.WITHDRAWN
        if self.revoked_at:
            return LiveStatus.REVOKED
        if self.expires_on is None:
            return LiveStatus.VALID
        today = today or timezone.localdate()
        if self.expires_on < today:
            return LiveStatus.EXPIRED
        if (self.expires_on - today).days <= EXPIRING_WITHIN_DAYS:
            return LiveStatus.EXPIRING
        return LiveStatus.VALID


class ReminderStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    # Nobody could be told (no one has an e-mail address) or the mail server refused it: the
    # reminder is tried again on the next run and counted as undelivered meanwhile.
    UNDELIVERED = "undelivered", _("Not delivered")


class CertificateReminder(models.Model):
    """The reminder `days_before` expiry for a certificate. The unique constraint keeps each
    reminder to one row, even if the periodic task runs twice; the row is `sent` only once the
    mail reached at least one recipient, and stays `undelivered` (retried each run) until then."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReminderStatus.choices, default=ReminderStatus.UNDELIVERED, db_index=True
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate reminder")
        verbose_name_plural = _("certificate reminders")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "days_before"], name="certificate_reminder_once"),
            # A sent reminder reached someone, when it was sent.
            models.CheckConstraint(
                condition=~Q(status="sent") | (Q(recipients__gt=0) & Q(sent_at__isnull=False)),
                name="certificate_reminder_sent_reached_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} −{self.days_before}d"
