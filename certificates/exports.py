"""Manager exports of a team's certificates: the PDFs as one zip, the list as an Excel workbook.
Both are exports of personal data and are audited (PERSONAL_EXPORT) with what was exported."""

import io
import re
import zipfile
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from certificates.models import Certificate, LiveStatus, RenderStatus
from core.models import AuditEvent
from core.services import audit_record

UNSAFE_FILENAME = re.compile(r"[\\/:*?\"<>|\s]+")


def _filename(certificate: Certificate) -> str:
    stem = "_".join(part for part in (certificate.employee_number, certificate.holder_name, certificate.achievement))
    return f"{UNSAFE_FILENAME.sub('-', stem)[:120]}_{certificate.code}.pdf"


def certificates_zip_export(*, actor: AbstractBaseUser, certificates: Iterable[Certificate], filters: dict) -> bytes:
    """The ready PDFs of `certificates` in one zip (stored, not compressed: PDFs are compressed),
    leaving out revoked ones."""
    buffer = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            # A revoked certificate's PDF still reads as valid: it is not handed out (see the
            # download view); erased holders' PDFs are already gone.
            if certificate.status != RenderStatus.READY or not certificate.file or certificate.revoked_at:
                continue
            with certificate.file.open("rb") as handle:
                archive.writestr(_filename(certificate), handle.read())
            count += 1
    audit_record(
        actor=actor,
        action=AuditEvent.Action.PERSONAL_EXPORT,
        detail={"export": "certificates_zip", "count": count, "filters": filters},
    )
    return buffer.getvalue()


def certificates_xlsx_export(*, actor: AbstractBaseUser, certificates: Iterable[Certificate], filters: dict) -> bytes:
    today = timezone.localdate()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Certificates")[:31]
    headers = [
        _("Employee number"),
        _("Name"),
        _("Site"),
        _("Post"),
        _("Achievement"),
        _("Issued on"),
        _("Expires on"),
        _("Status"),
        _("Certificate code"),
    ]
    sheet.append(headers)
    count = 0
    for certificate in certificates:
        profile = getattr(certificate.user, "staff_profile", None)
        erased = profile is not None and profile.erased_at is not None
        status = certificate.live_status(today=today, erased=erased)
        sheet.append(
            [
                certificate.employee_number,
                "" if erased else certificate.holder_name,
                profile.site.name if profile and profile.site_id else certificate.site_name,
                profile.post.name if profile and profile.post_id else certificate.post_name,
                certificate.achievement,
                certificate.issued_on,
                certificate.expires_on,
                str(LiveStatus(status).label),
                certificate.code,
            ]
        )
        count += 1
    for index, width in enumerate([12, 10, 14, 10, 28, 12, 12, 10, 20], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.PERSONAL_EXPORT,
        detail={"export": "certificates_xlsx", "count": count, "filters": filters},
    )
    return buffer.getvalue()
