"""Holders see and download only their own certificates; managers see, download and export only
those of their own staff; trainers and HR revoke and retry."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from certificates.models import Certificate, RenderStatus
from core.models import AuditEvent
from tests.factories.certificates import CertificateFactory
from tests.factories.org import ManagerFactory, SiteFactory, StaffProfileFactory, TrainerFactory

pytestmark = pytest.mark.django_db


def ready_certificate(staff, **kwargs):
    certificate = CertificateFactory(
        user=staff.user, holder_name=staff.name, employee_number=staff.employee_number, **kwargs
    )
    certificate.file.save(f"{certificate.code}.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    certificate.status = RenderStatus.READY
    certificate.save()
    return certificate


@pytest.fixture
def sites():
    return SiteFactory(name="阳光花园"), SiteFactory(name="翠湖苑")


@pytest.fixture
def people(sites):
    yg, ch = sites
    return {
        "trainee": StaffProfileFactory(site=yg, name="王小明"),
        "other": StaffProfileFactory(site=ch, name="黄丽"),
        "manager": ManagerFactory(site=yg, managed_sites=[yg]),
        "trainer": TrainerFactory(site=yg),
    }


def test_my_certificates_lists_only_my_own(client, people):
    mine = ready_certificate(people["trainee"], achievement="企业文化与规章制度")
    ready_certificate(people["other"], achievement="物业相关法律法规")
    client.force_login(people["trainee"].user)
    html = client.get(reverse("certificates:mine")).content.decode()
    assert "企业文化与规章制度" in html
    assert "物业相关法律法规" not in html
    assert reverse("certificates:download", args=[mine.pk]) in html


def test_my_certificates_query_count_does_not_grow(client, people, django_assert_max_num_queries):
    client.force_login(people["trainee"].user)
    ready_certificate(people["trainee"])
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("certificates:mine"))
    for _ in range(5):
        ready_certificate(people["trainee"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("certificates:mine"))


def test_a_holder_downloads_their_certificate_as_an_attachment(client, people):
    certificate = ready_certificate(people["trainee"])
    client.force_login(people["trainee"].user)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_trainee_cannot_download_someone_elses_certificate(client, people):
    certificate = ready_certificate(people["other"])
    client.force_login(people["trainee"].user)
    assert client.get(reverse("certificates:download", args=[certificate.pk])).status_code == 404


def test_a_pending_certificate_cannot_be_downloaded(client, people):
    certificate = CertificateFactory(user=people["trainee"].user)
    client.force_login(people["trainee"].user)
    assert client.get(reverse("certificates:download", args=[certificate.pk])).status_code == 404


def test_a_manager_downloads_a_staff_certificate_and_it_is_audited(client, people):
    certificate = ready_certificate(people["trainee"])
    client.force_login(people["manager"].user)
    assert client.get(reverse("certificates:download", args=[certificate.pk])).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_VIEW, subject_user=certificate.user).exists()


def test_a_manager_cannot_download_outside_their_scope(client, people):
    certificate = ready_certificate(people["other"])
    client.force_login(people["manager"].user)
    assert client.get(reverse("certificates:download", args=[certificate.pk])).status_code == 404


def test_team_list_shows_only_the_managers_staff(client, people):
    ready_certificate(people["trainee"], achievement="企业文化与规章制度")
    ready_certificate(people["other"], achievement="物业相关法律法规")
    client.force_login(people["manager"].user)
    html = client.get(reverse("certificates:team")).content.decode()
    assert "王小明" in html
    assert "黄丽" not in html


def test_team_list_filters_by_status(client, people):
    ready_certificate(people["trainee"], achievement="企业文化与规章制度")
    revoked = ready_certificate(people["trainee"], achievement="服务礼仪与职业形象")
    from certificates.services import certificate_revoke

    certificate_revoke(certificate=revoked, actor=people["trainer"].user, reason="错发")
    client.force_login(people["manager"].user)
    html = client.get(reverse("certificates:team"), {"status": "revoked"}).content.decode()
    assert "服务礼仪与职业形象" in html
    assert "企业文化与规章制度" not in html


def test_a_trainee_cannot_open_the_team_list(client, people):
    client.force_login(people["trainee"].user)
    assert client.get(reverse("certificates:team")).status_code == 403


def test_team_list_query_count_does_not_grow(client, people, sites, django_assert_max_num_queries):
    client.force_login(people["manager"].user)
    ready_certificate(people["trainee"])
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("certificates:team"))
    for _ in range(6):
        ready_certificate(StaffProfileFactory(site=sites[0]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("certificates:team"))
    assert response.content.decode().count("data-certificate=") == 7


def test_bulk_zip_holds_the_pdfs_of_the_managers_staff_only_and_is_audited(client, people):
    mine = ready_certificate(people["trainee"])
    ready_certificate(people["other"])
    client.force_login(people["manager"].user)
    response = client.get(reverse("certificates:team_zip"))
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 1 and mine.code in names[0]
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_EXPORT)
    assert event.detail["count"] == 1


def test_excel_export_lists_the_managers_staff_and_is_audited(client, people):
    ready_certificate(people["trainee"], achievement="企业文化与规章制度")
    ready_certificate(people["other"])
    client.force_login(people["manager"].user)
    response = client.get(reverse("certificates:team_xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == "王小明" and rows[1][4] == "企业文化与规章制度"
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PERSONAL_EXPORT, detail__export="certificates_xlsx"
    ).exists()


def test_a_trainer_revokes_by_post_and_a_get_changes_nothing(client, people):
    certificate = ready_certificate(people["trainee"])
    client.force_login(people["trainer"].user)
    url = reverse("certificates:revoke", args=[certificate.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"reason": "考核作弊", "confirmed": "1"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    verify = client.get(reverse("certificates:verify_json", args=[certificate.code])).json()
    assert verify["status"] == "revoked"


def test_a_manager_cannot_revoke(client, people):
    certificate = ready_certificate(people["trainee"])
    client.force_login(people["manager"].user)
    assert client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": "x"}).status_code == 403


def test_a_trainer_sees_a_render_error_and_retries(client, people, monkeypatch, django_capture_on_commit_callbacks):
    certificate = CertificateFactory(
        user=people["trainee"].user, status=RenderStatus.FAILED, render_error="OSError: font"
    )
    client.force_login(people["trainer"].user)
    assert "OSError: font" in client.get(reverse("certificates:detail", args=[certificate.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:retry", args=[certificate.pk]))
    certificate.refresh_from_db()
    assert certificate.status == RenderStatus.READY
    assert certificate.file


def test_a_trainer_renews_by_hand_and_the_renewal_links_back(client, people):
    certificate = ready_certificate(people["trainee"], expires_on=dt.date(2027, 1, 1))
    client.force_login(people["trainer"].user)
    response = client.post(reverse("certificates:renew", args=[certificate.pk]))
    renewal = Certificate.objects.get(renewed_from=certificate)
    assert response.url == reverse("certificates:detail", args=[renewal.pk])
    assert renewal.cycle == 2
    html = client.get(reverse("certificates:detail", args=[certificate.pk])).content.decode()
    assert renewal.code in html


def test_a_manager_cannot_renew(client, people):
    certificate = ready_certificate(people["trainee"], expires_on=dt.date(2027, 1, 1))
    client.force_login(people["manager"].user)
    assert client.post(reverse("certificates:renew", args=[certificate.pk])).status_code == 403


def test_a_revoked_certificates_pdf_is_refused_to_its_holder_with_the_reason(client, people):
    from certificates.services import certificate_revoke

    certificate = ready_certificate(people["trainee"])
    certificate_revoke(certificate=certificate, actor=people["trainer"].user, reason="考核作弊")
    client.force_login(people["trainee"].user)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'data-status="revoked"' in html and "was revoked on" in html
    assert "考核作弊" in html
    assert reverse("certificates:verify", args=[certificate.code]) in html
    assert b"%PDF" not in response.content
    mine = client.get(reverse("certificates:mine")).content.decode()
    assert reverse("certificates:download", args=[certificate.pk]) not in mine


def test_a_revoked_certificates_pdf_is_refused_to_the_manager_and_left_out_of_the_zip(client, people):
    from certificates.services import certificate_revoke

    revoked = ready_certificate(people["trainee"])
    kept = ready_certificate(people["trainee"])
    certificate_revoke(certificate=revoked, actor=people["trainer"].user, reason="错误发放")
    client.force_login(people["manager"].user)
    assert client.get(reverse("certificates:download", args=[revoked.pk])).status_code == 410
    names = zipfile.ZipFile(io.BytesIO(client.get(reverse("certificates:team_zip")).content)).namelist()
    assert names == [n for n in names if kept.code in n] and len(names) == 1
    client.force_login(people["trainer"].user)
    detail = client.get(reverse("certificates:detail", args=[revoked.pk])).content.decode()
    assert reverse("certificates:download", args=[revoked.pk]) not in detail


def test_a_withdrawn_certificate_is_explained_not_served(client, people):
    from privacy.services import personal_data_erase

    certificate = ready_certificate(people["trainee"])
    hr = StaffProfileFactory(site=people["trainee"].site, role="hr_admin")
    personal_data_erase(actor=hr.user, profile=people["trainee"])
    client.force_login(people["trainer"].user)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 410
    html = response.content.decode()
    assert 'data-status="withdrawn"' in html
    assert reverse("certificates:verify", args=[certificate.code]) in html


def test_revoking_asks_once_more_and_says_what_will_happen(client, people):
    certificate = ready_certificate(people["trainee"])
    client.force_login(people["trainer"].user)
    url = reverse("certificates:revoke", args=[certificate.pk])
    response = client.post(url, {"reason": "考核作弊"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="revoke-confirm"' in html and "cannot be undone" in html and "考核作弊" in html
    assert 'name="confirmed" value="1"' in html
    certificate.refresh_from_db()
    assert certificate.revoked_at is None  # the first tap changes nothing
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CERTIFICATE_REVOKE).exists()
    client.post(url, {"reason": "考核作弊", "confirmed": "1"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoke_reason == "考核作弊"


def test_revoking_without_a_reason_is_refused_before_the_confirmation(client, people):
    certificate = ready_certificate(people["trainee"])
    client.force_login(people["trainer"].user)
    response = client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": " ", "confirmed": "1"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
