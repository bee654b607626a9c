"""The holder hears when their certificate is ready and when it is revoked (with the reason),
once each, through the notification service."""

import pytest
from django.utils import translation

from certificates.services import certificate_render, certificate_revoke
from notifications.models import Notification
from tests.factories.certificates import CertificateFactory
from tests.factories.org import TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quick_pdf(monkeypatch):
    monkeypatch.setattr("certificates.rendering.certificate_pdf", lambda certificate: b"%PDF-1.7 test")


def test_the_holder_is_told_once_the_certificate_is_ready(quick_pdf):
    certificate = CertificateFactory(achievement="消防安全")
    certificate_render(certificate_id=certificate.pk)
    certificate_render(certificate_id=certificate.pk)  # a task run twice
    [issued] = Notification.objects.filter(user=certificate.user)
    assert issued.key == f"certificate:{certificate.pk}:issued"
    assert issued.url == f"/certificates/{certificate.pk}/"
    with translation.override("zh-hans"):
        assert issued.title_text == "证书已颁发：消防安全"


def test_a_failed_render_tells_nobody(monkeypatch):
    def broken(certificate):
        raise RuntimeError("no font")

    monkeypatch.setattr("certificates.rendering.certificate_pdf", broken)
    certificate_render(certificate_id=CertificateFactory().pk)
    assert not Notification.objects.exists()


def test_the_holder_is_told_of_a_revocation_and_why():
    certificate = CertificateFactory(achievement="电工作业")
    certificate_revoke(certificate=certificate, actor=TrainerFactory().user, reason="考核材料不实")
    [revoked] = Notification.objects.filter(user=certificate.user)
    assert revoked.params == {"achievement": "电工作业", "reason": "考核材料不实"}
    with translation.override("zh-hans"):
        assert revoked.title_text == "证书已撤销：电工作业"
        assert revoked.body_text == "您的证书《电工作业》已被撤销：考核材料不实"
