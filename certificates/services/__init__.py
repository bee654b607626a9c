"""Every write of the certificates app. Import from the submodules; the names are re-exported here."""

from certificates.services.issuing import (  # noqa: F401
    CertificateNotRenewable,
    add_months,
    certificate_issue,
    certificate_renew,
    certificates_issue_for_course,
    certificates_issue_for_programme,
    certificates_issue_for_skill_level,
)
from certificates.services.privacy import certificates_personal_data, certificates_personal_data_erase  # noqa: F401
from certificates.services.reminders import certificate_expiry_reminders_send  # noqa: F401
from certificates.services.rendering import (  # noqa: F401
    certificate_render,
    certificate_render_enqueue,
    certificate_render_retry,
    certificates_render_stuck_requeue,
)
from certificates.services.revocation import CertificateNotRevocable, certificate_revoke  # noqa: F401
