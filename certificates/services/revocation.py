"""Revoking a certificate: with a reason, once, audited."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Certificate
from certificates.notices import CERTIFICATE_REVOKED
from core.models import AuditEvent
from core.services import audit_record
from notifications.services import notification_send


class CertificateNotRevocable(Exception):
    pass


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor: AbstractBaseUser, reason: str) -> Certificate:
    """Revoke with a reason; the verify page shows it at once (status is computed live) and the
    holder is notified with the reason."""
    reason = reason.strip()
    if not reason:
        raise CertificateNotRevocable(_("Give a reason for revoking the certificate."))
    claimed = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor, revoke_reason=reason[:500]
    )
    if not claimed:
        raise CertificateNotRevocable(_("This certificate is already revoked."))
    certificate.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CERTIFICATE_REVOKE,
        obj=certificate,
        subject_user=certificate.user,
        detail={"reason": certificate.revoke_reason, "achievement": certificate.achievement},
    )
    notification_send(
        user_id=certificate.user_id,
        key=f"certificate:{certificate.pk}:revoked",
        notice=CERTIFICATE_REVOKED,
        params={"achievement": certificate.achievement, "reason": certificate.revoke_reason},
        url=reverse("certificates:detail", args=[certificate.pk]),
    )
    return certificate
