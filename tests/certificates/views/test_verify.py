"""The public verify page and JSON: masked name, achievement, dates and live status, nothing
else about the person; rate-limited per IP; a miss does the same work as a hit."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from certificates.selectors import name_mask
from tests.factories.certificates import CertificateFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate():
    staff = StaffProfileFactory(name="王小明", employee_number="YG0001", phone="13912345678")
    return CertificateFactory(
        user=staff.user, holder_name="王小明", employee_number="YG0001", site_name="阳光花园", post_name="客服"
    )


@pytest.mark.parametrize(
    ("name", "masked"),
    [("王小明", "王*明"), ("王明", "王*"), ("欧阳晓燕", "欧**燕"), ("王", "*"), ("Li Lei", "L****i")],
)
def test_names_are_partly_masked(name, masked):
    assert name_mask(name) == masked


def test_verify_page_shows_masked_name_achievement_and_status_and_nothing_else(client, certificate):
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "王*明" in html
    assert certificate.achievement in html
    assert 'data-status="valid"' in html
    for private in ("王小明", "YG0001", "13912345678", "阳光花园", "客服"):
        assert private not in html


def test_verify_json_gives_the_same_facts_only(client, certificate):
    response = client.get(reverse("certificates:verify_json", args=[certificate.code]))
    assert response.status_code == 200
    data = response.json()
    assert data == {
        "found": True,
        "code": certificate.code,
        "holder": "王*明",
        "achievement": certificate.achievement,
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": None,
        "status": "valid",
        "status_label": data["status_label"],
        "revoked_on": None,
    }


def test_api_verify_endpoint_needs_no_login(client, certificate):
    response = client.get(f"/api/v1/certificates/verify/{certificate.code}")
    assert response.status_code == 200
    assert response.json()["holder"] == "王*明"


def test_an_unknown_code_is_a_404_with_no_details(client, certificate):
    response = client.get(reverse("certificates:verify_json", args=["x" * 16]))
    assert response.status_code == 404
    assert response.json() == {"found": False}


def test_a_near_miss_code_is_not_found(client, certificate):
    near = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    assert client.get(reverse("certificates:verify", args=[near])).status_code == 404


def test_a_miss_runs_the_same_queries_as_a_hit(client, certificate, django_assert_num_queries):
    client.get(reverse("certificates:verify_json", args=["z" * 16]))  # warm: the Site is cached after
    with django_assert_num_queries(1):
        client.get(reverse("certificates:verify_json", args=[certificate.code]))
    with django_assert_num_queries(1):
        client.get(reverse("certificates:verify_json", args=["y" * 16]))


def test_a_holder_whose_data_was_erased_shows_withdrawn_without_a_name(client, certificate):
    profile = certificate.user.staff_profile
    profile.erased_at = timezone.now()
    profile.save()
    data = client.get(reverse("certificates:verify_json", args=[certificate.code])).json()
    assert data["status"] == "withdrawn"
    assert data["holder"] == ""


def test_verification_is_rate_limited_per_ip_with_retry_after(client, certificate, settings):
    settings.CERTIFICATES_VERIFY_RATE = (3, 60)
    url = reverse("certificates:verify", args=[certificate.code])
    for _ in range(3):
        assert client.get(url, REMOTE_ADDR="10.0.0.1").status_code == 200
    limited = client.get(url, REMOTE_ADDR="10.0.0.1")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    # misses count too, and another IP is not affected
    assert client.get(reverse("certificates:verify_json", args=["z" * 16]), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_verify_page_is_not_cached_or_indexed(client, certificate):
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_behind_the_proxy_the_limit_counts_the_real_client_address(client, certificate, settings):
    settings.CERTIFICATES_VERIFY_RATE = (1, 60)
    settings.AXES_CLIENT_IP_CALLABLE = lambda request: request.META.get("HTTP_X_REAL_IP")
    url = reverse("certificates:verify_json", args=[certificate.code])
    assert client.get(url, REMOTE_ADDR="10.0.0.9", HTTP_X_REAL_IP="203.0.113.1").status_code == 200
    assert client.get(url, REMOTE_ADDR="10.0.0.9", HTTP_X_REAL_IP="203.0.113.1").status_code == 429
    assert client.get(url, REMOTE_ADDR="10.0.0.9", HTTP_X_REAL_IP="203.0.113.2").status_code == 200
    # a forged X-Forwarded-For changes nothing
    assert (
        client.get(
            url, REMOTE_ADDR="10.0.0.9", HTTP_X_REAL_IP="203.0.113.1", HTTP_X_FORWARDED_FOR="1.2.3.4"
        ).status_code
        == 429
    )
