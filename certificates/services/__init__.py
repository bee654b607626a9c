"""Every write of the certificates app. Import from the submodules; the names are re-exported here."""

from certificates.services.issuing import (  # noqa: F401
    CertificateNotRenewable,
    CertificateNotRevocable,
    add_months,
    certificate_expiry_reminders_send,
    certificate_issue,
    certificate_render,
    certificate_render_enqueue,
    certificate_render_retry,
    certificate_renew,
    certificate_revoke,
    certificates_issue_for_course,
    certificates_issue_for_programme,
    certificates_issue_for_skill_level,
    certificates_personal_data,
    certificates_personal_data_erase,
    certificates_render_stuck_requeue,
)
