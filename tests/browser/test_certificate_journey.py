"""A trainee downloads their certificate; an anonymous visitor verifies it through its URL on a
390 px phone."""

import pytest
from django.core.cache import cache

from certificates.services import certificate_render
from tests.browser.helpers import login
from tests.factories.certificates import CertificateFactory
from tests.factories.org import StaffProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def certificate(settings, live_server):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    cache.clear()
    staff = StaffProfileFactory(user=UserFactory(username="wangxm"), name="王小明", employee_number="YG101")
    certificate = CertificateFactory(
        user=staff.user, holder_name="王小明", employee_number="YG101", achievement="企业文化与规章制度"
    )
    return certificate_render(certificate_id=certificate.pk)


def test_trainee_downloads_their_certificate(phone, certificate, tmp_path):
    login(phone, "wangxm")
    phone.goto("/certificates/")
    row = phone.locator(f"[data-certificate='{certificate.pk}']")
    assert "企业文化与规章制度" in row.inner_text()
    with phone.expect_download() as download_info:
        row.get_by_role("link").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / "downloaded.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")


def test_anonymous_visitor_verifies_through_the_url_on_a_phone(phone, certificate):
    phone.goto(f"/certificates/verify/{certificate.code}/")
    card = phone.locator(".verify-card")
    assert card.get_attribute("data-status") == "valid"
    text = card.inner_text()
    assert "王*明" in text
    assert "企业文化与规章制度" in text
    assert "王小明" not in phone.content()
    assert "YG101" not in phone.content()
    # fits the phone: nothing scrolls sideways
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
