"""Expiry reminders: holder and manager are told 60, 30 and 7 days before a certificate expires,
each once it reached someone, and the refresher course is assigned with the first reminder."""

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certificates.models import Certificate, CertificateReminder, ReminderStatus

logger = logging.getLogger(__name__)

REMINDER_DAYS = (60, 30, 7)


def _reminder_recipients(certificate: Certificate) -> list[str]:
    from org.models import StaffProfile

    emails = [certificate.user.email]
    profile = getattr(certificate.user, "staff_profile", None)
    if profile is not None:
        if profile.manager_id:
            emails.append(profile.manager.user.email)
        elif profile.site_id:
            emails.extend(
                StaffProfile.objects.filter(managed_sites=profile.site_id, user__is_active=True).values_list(
                    "user__email", flat=True
                )
            )
    return sorted({email for email in emails if email})


def certificate_expiry_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind holder and manager 60, 30 and 7 days before a certificate expires, each once.
    Returns how many reminders reached someone on this run.

    A certificate gets the reminder for the nearest threshold it has reached (one found 20 days
    before expiry gets the 30-day one, not also the 60-day one). The first reminder also assigns
    the refresher course, due on the expiry date. A reminder counts as sent only when the mail
    reached at least one recipient: with nobody to tell (no one has an e-mail address) or with the
    mail server down it stays undelivered and the next run tries it again. The row is locked (or
    created) before sending, so a second run, or a second worker, never sends a sent one again."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    candidates = (
        Certificate.objects.filter(
            expires_on__gte=today,
            expires_on__lte=horizon,
            revoked_at__isnull=True,
            renewed_by__isnull=True,
            user__staff_profile__erased_at__isnull=True,
        )
        .select_related("user__staff_profile__manager__user", "rule__refresher_course")
        .prefetch_related("reminders")
    )
    sent = undelivered = 0
    for certificate in candidates:
        days_left = (certificate.expires_on - today).days
        threshold = min(days for days in REMINDER_DAYS if days_left <= days)
        earlier = list(certificate.reminders.all())
        if any(r.days_before <= threshold and r.status == ReminderStatus.SENT for r in earlier):
            continue
        delivered = _reminder_deliver(
            certificate=certificate, threshold=threshold, days_left=days_left, first=not earlier
        )
        if delivered is True:
            sent += 1
        elif delivered is False:
            undelivered += 1
    if undelivered:
        logger.warning("%s certificate reminders undelivered (no recipient or mail failed)", undelivered)
    return sent


def _reminder_deliver(*, certificate: Certificate, threshold: int, days_left: int, first: bool) -> bool | None:
    """Claim the (certificate, threshold) reminder and send it. True: it reached someone now;
    False: it stays undelivered for the next run; None: another run holds or sent it."""
    from courses.services import course_refresher_assign

    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder, _created = CertificateReminder.objects.select_for_update().get_or_create(
                    certificate=certificate, days_before=threshold
                )
        except IntegrityError:  # another run is creating it right now
            return None
        if reminder.status == ReminderStatus.SENT:  # a concurrent run sent it while we waited
            return None
        if first and certificate.rule_id and certificate.rule.refresher_course_id:
            # Also when the refresher is the course already completed: it starts a new cycle.
            course_refresher_assign(
                user=certificate.user, course=certificate.rule.refresher_course, due_date=certificate.expires_on
            )
        recipients = _reminder_recipients(certificate)
        reminder.attempts += 1
        reminder.last_attempt_at = timezone.now()
        if recipients:
            subject, message = _reminder_text(certificate, days_left)
            try:
                send_mail(subject, message, None, recipients)
            except Exception:  # noqa: BLE001 - the mail server is down: the next run tries again
                logger.exception("certificate reminder mail for %s failed", certificate.pk)
            else:
                reminder.status = ReminderStatus.SENT
                reminder.sent_at = reminder.last_attempt_at
        reminder.recipients = len(recipients) if reminder.status == ReminderStatus.SENT else 0
        reminder.save(update_fields=["status", "sent_at", "recipients", "attempts", "last_attempt_at"])
    return reminder.status == ReminderStatus.SENT


def _reminder_text(certificate: Certificate, days_left: int) -> tuple[str, str]:
    subject = ngettext(
        "Certificate expiring in %(days)s day: %(achievement)s",
        "Certificate expiring in %(days)s days: %(achievement)s",
        days_left,
    ) % {
        "days": days_left,
        "achievement": certificate.achievement,
    }
    message = _(
        "The certificate “%(achievement)s” of %(name)s expires on %(date)s. "
        "Please complete the refresher training before then so that it can be renewed."
    ) % {"achievement": certificate.achievement, "name": certificate.holder_name, "date": certificate.expires_on}
    return subject, message
