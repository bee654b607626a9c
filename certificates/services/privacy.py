"""A holder's personal data on their certificates: exported on request, erased when they leave."""

from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate, RenderStatus


def certificates_personal_data(*, user_id: int) -> list[dict]:
    """A holder's certificates for their personal data export (privacy.services)."""
    today = timezone.localdate()
    return [
        {
            "code": certificate.code,
            "achievement": certificate.achievement,
            "holder_name": certificate.holder_name,
            "employee_number": certificate.employee_number,
            "site": certificate.site_name,
            "post": certificate.post_name,
            "score": str(certificate.score) if certificate.score is not None else None,
            "issued_on": certificate.issued_on.isoformat(),
            "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
            "status": certificate.live_status(today=today),
            "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
            "revoke_reason": certificate.revoke_reason,
            "renews": certificate.renewed_from.code if certificate.renewed_from_id else None,
        }
        for certificate in Certificate.objects.filter(user_id=user_id).select_related("renewed_from").order_by("id")
    ]


def certificates_personal_data_erase(*, user_id: int) -> int:
    """On erasure of a leaver: blank the name, number, site and post copied onto their
    certificates and delete the PDFs (they print the name). The rows stay, so the verify page
    answers "withdrawn" for a code an employer still holds. The files go after commit: if the
    erasure rolls back, nothing is lost."""
    certificates = list(Certificate.objects.select_for_update().filter(user_id=user_id))
    names = [certificate.file.name for certificate in certificates if certificate.file]
    Certificate.objects.filter(pk__in=[certificate.pk for certificate in certificates]).update(
        holder_name="",
        employee_number="",
        site_name="",
        post_name="",
        file="",
        status=RenderStatus.ERASED,
        render_error="",
    )
    if names:
        storage = Certificate._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return len(certificates)
