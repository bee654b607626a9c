"""Trainers manage templates and rules in the Wagtail admin (with revisions) and see render
errors of issued certificates there."""

import re

import pytest
from django.urls import reverse

from certificates.models import CertificateTemplate, RenderStatus
from org.services import staff_role_sync
from tests.factories.certificates import CertificateFactory
from tests.factories.org import TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_client(client):
    trainer = TrainerFactory()
    staff_role_sync(profile=trainer)
    client.force_login(trainer.user)
    return client


def _template_form(**overrides):
    data = {
        "name": "入职结业证书",
        "orientation": "landscape",
        "title": "结业证书",
        "body": "<p>{name} 于 {date} 完成 {achievement}。</p>",
        "signatory": "吴老师",
        "signatory_title": "",
        "issuer": "示例物业",
        "validity_months": "",
    }
    data.update(overrides)
    return data


def test_a_trainer_creates_a_template_and_a_revision_is_kept(trainer_client):
    url = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    response = trainer_client.post(url, _template_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    template = CertificateTemplate.objects.get(name="入职结业证书")
    assert template.revisions.count() == 1


def test_the_admin_refuses_an_unknown_placeholder_naming_it(trainer_client):
    url = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    response = trainer_client.post(url, _template_form(body="<p>{name} 的 {salary}</p>"))
    assert response.status_code == 200
    assert "{salary}" in response.content.decode()
    assert not CertificateTemplate.objects.exists()


def test_the_admin_refuses_broken_markup_naming_the_tag(trainer_client):
    url = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    response = trainer_client.post(url, _template_form(body="<p><strong>{name}</p>"))
    assert response.status_code == 200
    assert "&lt;/p&gt;" in response.content.decode()
    assert not CertificateTemplate.objects.exists()


def test_a_trainer_sees_render_errors_in_the_issued_certificates_list(trainer_client):
    certificate = CertificateFactory(status=RenderStatus.FAILED, render_error="OSError: cannot load font")
    response = trainer_client.get(reverse("wagtailsnippets_certificates_certificate:list"))
    assert response.status_code == 200
    assert "OSError: cannot load font" in response.content.decode()
    inspect = trainer_client.get(reverse("wagtailsnippets_certificates_certificate:inspect", args=[certificate.pk]))
    assert inspect.status_code == 200
    assert "OSError: cannot load font" in inspect.content.decode()


def test_an_empty_field_of_a_certificate_reads_as_a_dash_not_none(trainer_client):
    certificate = CertificateFactory(expires_on=None)
    assert certificate.revoked_at is None
    inspect = trainer_client.get(reverse("wagtailsnippets_certificates_certificate:inspect", args=[certificate.pk]))
    assert not re.search(r">\s*None\s*<", inspect.content.decode())


def test_nobody_adds_or_edits_certificates_in_the_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw-test-123")
    client.force_login(admin)
    certificate = CertificateFactory()
    assert client.get(reverse("wagtailsnippets_certificates_certificate:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_certificates_certificate:add")).status_code in (302, 403)
    edit = reverse("wagtailsnippets_certificates_certificate:edit", args=[certificate.pk])
    assert client.post(edit, {"holder_name": "改名"}).status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.holder_name == "王小明"
