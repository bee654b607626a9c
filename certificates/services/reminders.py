"""Expiry reminders: holder and manager are told 60, 30 and 7 days before a certificate expires,
each once, and the refresher course is assigned with the first reminder."""

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Certificate, CertificateReminder

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

    A certificate gets the reminder for the nearest threshold it has reached (one found 20 days
    before expiry gets the 30-day one, not also the 60-day one). The first reminder also assigns
    the refresher course, due on the expiry date. The reminder row is claimed before the mail is
    sent (after commit), so a second run of the task sends nothing."""
    from courses.models.records import AssignmentSource
    from courses.services import course_enrol

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
    sent = 0
    for certificate in candidates:
        days_left = (certificate.expires_on - today).days
        threshold = min(days for days in REMINDER_DAYS if days_left <= days)
        if any(reminder.days_before <= threshold for reminder in certificate.reminders.all()):
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    reminder = CertificateReminder.objects.create(certificate=certificate, days_before=threshold)
            except IntegrityError:  # another run claimed it
                continue
            first = not certificate.reminders.all()
            if first and certificate.rule_id and certificate.rule.refresher_course_id:
                course_enrol(
                    user=certificate.user,
                    course=certificate.rule.refresher_course,
                    due_date=certificate.expires_on,
                    source=AssignmentSource.REFRESHER,
                )
            recipients = _reminder_recipients(certificate)
            reminder.recipients = len(recipients)
            reminder.save(update_fields=["recipients"])
            if recipients:
                subject, message = _reminder_text(certificate, days_left)
                transaction.on_commit(lambda s=subject, m=message, r=recipients: _mail_send(s, m, r))
            sent += 1
    return sent


def _mail_send(subject: str, message: str, recipients: list[str]) -> None:
    """A mail server hiccup must not fail the periodic task: the reminder is marked sent either way
    and the failure is logged for operators."""
    try:
        send_mail(subject, message, None, recipients)
    except Exception:  # noqa: BLE001
        logger.exception("certificate reminder mail failed")


def _reminder_text(certificate: Certificate, days_left: int) -> tuple[str, str]:
    subject = _("Certificate expiring in %(days)s days: %(achievement)s") % {
        "days": days_left,
        "achievement": certificate.achievement,
    }
    message = _(
        "The certificate “%(achievement)s” of %(name)s expires on %(date)s. "
        "Please complete the refresher training before then so that it can be renewed."
    ) % {"achievement": certificate.achievement, "name": certificate.holder_name, "date": certificate.expires_on}
    return subject, message
