import pytest

from certificates.models import LiveStatus
from certificates.selectors import certificate_verification
from certificates.services import CertificateNotRevocable, certificate_revoke
from core.models import AuditEvent
from tests.factories.certificates import CertificateFactory
from tests.factories.org import TrainerFactory

pytestmark = pytest.mark.django_db


def test_revoking_shows_at_once_on_verification_and_is_audited():
    certificate = CertificateFactory()
    trainer = TrainerFactory()

    certificate_revoke(certificate=certificate, actor=trainer.user, reason="考核材料不实")

    verification = certificate_verification(code=certificate.code)
    assert verification.status == LiveStatus.REVOKED
    assert verification.revoked_on is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.CERTIFICATE_REVOKE)
    assert event.actor == trainer.user
    assert event.subject_user == certificate.user
    assert event.detail["reason"] == "考核材料不实"


def test_revoking_needs_a_reason():
    certificate = CertificateFactory()
    with pytest.raises(CertificateNotRevocable):
        certificate_revoke(certificate=certificate, actor=TrainerFactory().user, reason="  ")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoking_twice_is_refused_and_keeps_the_first_reason():
    certificate = CertificateFactory()
    trainer = TrainerFactory()
    certificate_revoke(certificate=certificate, actor=trainer.user, reason="第一次")
    with pytest.raises(CertificateNotRevocable):
        certificate_revoke(certificate=certificate, actor=trainer.user, reason="第二次")
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "第一次"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CERTIFICATE_REVOKE).count() == 1
