"""What the certificates app tells people (notifications.messages.Notice)."""

from django.utils.translation import gettext_lazy as _

from notifications.messages import Kind, Notice

CERTIFICATE_ISSUED = Notice(
    id="certificates.issued",
    kind=Kind.CERTIFICATE,
    title=_("Certificate issued: %(achievement)s"),
    body=_("Your certificate “%(achievement)s” is ready to download."),
)
CERTIFICATE_EXPIRING = Notice(
    id="certificates.expiring",
    kind=Kind.CERTIFICATE,
    title=_("Certificate expiring on %(date)s: %(achievement)s"),
    body=_(
        "The certificate “%(achievement)s” of %(name)s expires on %(date)s. "
        "Please complete the refresher training before then so that it can be renewed."
    ),
)
CERTIFICATE_REVOKED = Notice(
    id="certificates.revoked",
    kind=Kind.CERTIFICATE,
    title=_("Certificate revoked: %(achievement)s"),
    body=_("Your certificate “%(achievement)s” was revoked: %(reason)s"),
)
