"""A holder's certificates are in their personal data export; erasing a leaver blanks the copied
personal fields, deletes the PDFs and leaves the codes verifying as "withdrawn"."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile

from certificates.models import Certificate, RenderStatus
from certificates.selectors import certificate_verification
from certificates.services import certificate_render
from privacy.services import personal_data_erase, personal_data_export
from tests.factories.certificates import CertificateFactory
from tests.factories.org import HRAdminFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder_certificate():
    staff = StaffProfileFactory(name="王小明", employee_number="YG101")
    certificate = CertificateFactory(user=staff.user, holder_name="王小明", employee_number="YG101")
    certificate.file.save(f"{certificate.code}.pdf", ContentFile(b"%PDF-1.7"), save=False)
    certificate.status = RenderStatus.READY
    certificate.save()
    return staff, certificate


def test_the_personal_data_export_holds_the_certificates(holder_certificate):
    staff, certificate = holder_certificate
    data = personal_data_export(actor=HRAdminFactory().user, profile=staff)
    document = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("personal-data.json"))
    [row] = document["sections"]["certificates"]
    assert row["code"] == certificate.code
    assert row["holder_name"] == "王小明"
    assert row["status"] == "valid"


def test_erasure_blanks_the_certificates_and_deletes_the_pdfs(holder_certificate, django_capture_on_commit_callbacks):
    staff, certificate = holder_certificate
    storage, name = certificate.file.storage, certificate.file.name
    with django_capture_on_commit_callbacks(execute=True):
        personal_data_erase(actor=HRAdminFactory().user, profile=staff)

    certificate = Certificate.objects.get(pk=certificate.pk)
    assert (certificate.holder_name, certificate.employee_number, certificate.file.name) == ("", "", "")
    assert certificate.status == RenderStatus.ERASED
    assert not storage.exists(name)
    verification = certificate_verification(code=certificate.code)
    assert verification.status == "withdrawn"
    assert verification.holder == ""
    # a render task still queued from before does not bring the PDF back
    assert certificate_render(certificate_id=certificate.pk).status == RenderStatus.ERASED
