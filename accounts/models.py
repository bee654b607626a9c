"""One-time codes: an activation that lets a person set their first (or a new) password, and a
recovery code sent by text message. Only a keyed hash of each code is stored (accounts.codes)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Activation(models.Model):
    """A code HR hands to a person on a printed slip; valid for a week (ACCOUNTS_ACTIVATION_DAYS)
    and once. Issuing a new one for the same person revokes the ones before it."""

    class Reason(models.TextChoices):
        FIRST_SIGN_IN = "first_sign_in", _("First sign-in")
        RESET = "reset", _("Password reset by HR")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="activations"
    )
    code_hash = models.CharField(_("code hash"), max_length=64, unique=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, default=Reason.FIRST_SIGN_IN)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("activation code", "issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("activation")
        verbose_name_plural = _("activations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "used_at", "revoked_at"], name="activation_open_by_user")]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > now


class PasswordResetCode(models.Model):
    """A recovery by text message: the row is made when someone asks, the code (and its hash)
    when the message is sent. Valid for minutes, once, and for a few wrong tries."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    code_hash = models.CharField(_("code hash"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("wrong codes entered"), default=0)

    class Meta:
        verbose_name = _("password recovery code")
        verbose_name_plural = _("password recovery codes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
