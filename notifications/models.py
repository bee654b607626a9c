"""A notification is one message to one person about one item at one step, kept in their inbox;
a delivery is its journey through one outside channel (e-mail, 企业微信, 钉钉, SMS)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from notifications.messages import Channel, Kind, render


class Notification(models.Model):
    class Status(models.TextChoices):
        # Outside deliveries still under way (first attempt or a retry waiting).
        PENDING = "pending", _("Being delivered")
        # At least one outside channel took it.
        DELIVERED = "delivered", _("Delivered")
        # Every outside channel failed for good, or the person has no address on any of them: it
        # waits in the inbox and HR sees it counted as undelivered. Never "sent".
        UNDELIVERED = "undelivered", _("Undelivered")
        # The person chose the inbox alone for this kind.
        INBOX_ONLY = "inbox_only", _("In the inbox only")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # One notification per person, item and step: "follow_up:123:due". The unique constraint is
    # what makes a second scheduler run, a retried task or a racing worker send nothing again.
    key = models.CharField(_("key"), max_length=150)
    message_id = models.CharField(_("message"), max_length=80, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # {"zh-hans": …, "en": …} for text no catalogue holds (used when message_id is empty).
    title = models.JSONField(_("title"), default=dict, blank=True)
    body = models.JSONField(_("body"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_person_and_key")]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["status", "read_at"], name="notification_status"),
        ]

    def __str__(self) -> str:
        return self.key

    def rendered(self, language: str | None = None) -> tuple[str, str]:
        return render(
            message_id=self.message_id,
            params=self.params,
            title=self.title,
            body=self.body,
            kind=self.kind,
            language=language,
        )

    @property
    def title_text(self) -> str:
        """The title in the active language (the reader's, in a request)."""
        return self.rendered()[0]

    @property
    def body_text(self) -> str:
        return self.rendered()[1]


# The reasons the app itself gives for a failed delivery, stored as these words (what logs and
# tests read) and shown in the reader's language. A service's own answer (an SMTP reply, an API's
# error message) is shown as it came.
OWN_ERRORS = {
    "no address on file": _("no address on file"),
    "channel not configured": _("channel not configured"),
    "no outcome from the channel": _("no outcome from the channel"),
}


class Delivery(models.Model):
    """One notification through one outside channel. Sent in the task workers with retries and
    exponential backoff; `next_attempt_at` is when a waiting delivery is due, or until when a
    worker holds one it is sending (a worker killed mid-send leaves it to be sent again then)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["notification_id", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.notification_id}:{self.channel}"

    @property
    def error_text(self) -> str:
        """The last error in the reader's language when it is one of the app's own."""
        return str(OWN_ERRORS.get(self.last_error, self.last_error))


class ChannelChoice(models.Model):
    """Which outside channels a kind of notification goes to. A row without a user is the
    company's default (HR sets it); a person's own row overrides it for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_channels",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification channels")
        verbose_name_plural = _("notification channels")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="channel_choice_once_per_person_and_kind"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(user__isnull=True), name="channel_choice_one_company_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id or 'company'}:{self.kind}"
