"""The 403, 404 and 500 pages (templates/403.html, 404.html, 500.html): in the site's style, in the
reader's language, each with a way back; the 403 says why and whom to ask. DEBUG is False in the
test settings, so these are the pages people see."""

import pytest
from django.template import loader
from django.urls import reverse
from django.utils import translation

from tests.factories.certificates import CertificateFactory
from tests.factories.org import StaffProfileFactory

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def trainee_client(client, db):
    client.force_login(StaffProfileFactory().user)
    return client


def _assert_site_styled(html: str) -> None:
    assert "css/app.css" in html
    assert 'class="topbar"' in html
    assert 'id="way-back"' in html


def test_a_trainee_on_a_managers_page_gets_the_403_page_in_chinese(trainee_client):
    response = trainee_client.get(reverse("scenarios:list"), **ZH)
    assert response.status_code == 403
    html = response.content.decode()
    _assert_site_styled(html)
    assert '<html lang="zh-hans">' in html
    assert "你无法打开此页面" in html
    # Why, and whom to ask.
    assert "没有打开此页面的权限" in html
    assert "请你的经理或人事部门" in html and "培训管理员" in html
    assert f'href="{reverse("home")}" id="way-back"' in html
    assert "403 Forbidden" not in html


def test_the_403_page_speaks_english_to_an_english_reader(trainee_client):
    response = trainee_client.get(reverse("scenarios:list"), **EN)
    assert response.status_code == 403
    html = response.content.decode()
    _assert_site_styled(html)
    assert '<html lang="en">' in html
    assert "You cannot open this page" in html
    assert "ask your manager or HR" in html and "training administrator" in html
    assert "Back to my start page" in html


def test_a_trainee_opening_a_certificates_detail_page_gets_the_styled_403(trainee_client, django_user_model):
    me = django_user_model.objects.get()
    certificate = CertificateFactory(user=me)
    response = trainee_client.get(reverse("certificates:detail", args=[certificate.pk]), **ZH)
    assert response.status_code == 403
    assert 'id="error-403"' in response.content.decode()


@pytest.mark.django_db
def test_the_403_page_offers_sign_in_to_someone_signed_out(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    with translation.override("en"):
        html = permission_denied(request, PermissionDenied()).content.decode()
    assert f'href="{reverse("login")}" id="way-back"' in html


@pytest.mark.parametrize("signed_in", [True, False])
@pytest.mark.parametrize(("headers", "lang", "title"), [(ZH, "zh-hans", "页面不存在"), (EN, "en", "Page not found")])
def test_a_missing_page_gets_the_404_page_in_the_readers_language(client, db, signed_in, headers, lang, title):
    if signed_in:
        client.force_login(StaffProfileFactory().user)
    response = client.get("/no-such-page/", **headers)
    assert response.status_code == 404
    html = response.content.decode()
    _assert_site_styled(html)
    assert f'<html lang="{lang}">' in html
    assert title in html
    back = reverse("home") if signed_in else "/"
    assert f'href="{back}" id="way-back"' in html


@pytest.mark.urls("tests.lms.error_urls")
@pytest.mark.parametrize(
    ("headers", "lang", "title", "ask"),
    [(ZH, "zh-hans", "出错了", "培训管理员"), (EN, "en", "Something went wrong", "training administrator")],
)
def test_a_server_error_gets_the_500_page_in_the_readers_language(client, db, headers, lang, title, ask):
    client.raise_request_exception = False
    client.force_login(StaffProfileFactory().user)
    response = client.get("/test-failure/", **headers)
    assert response.status_code == 500
    html = response.content.decode()
    _assert_site_styled(html)
    assert f'<html lang="{lang}">' in html
    assert title in html and ask in html
    assert 'href="/" id="way-back"' in html


def test_the_500_page_renders_without_a_request_or_the_database():
    """No django_db mark: a query here would fail the test. Django renders 500.html with an empty
    context, and the page must render while the database is what failed."""
    with translation.override("zh-hans"):
        html = loader.get_template("500.html").render()
    assert "出错了" in html and 'id="way-back"' in html


@pytest.mark.parametrize(
    ("headers", "lang", "title"), [(ZH, "zh-hans", "表单已失效"), (EN, "en", "This form has expired")]
)
def test_a_form_sent_without_its_csrf_token_gets_the_styled_page(db, headers, lang, title):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffProfileFactory().user)
    response = client.post(reverse("logout"), **headers)
    assert response.status_code == 403
    html = response.content.decode()
    _assert_site_styled(html)
    assert f'<html lang="{lang}">' in html and title in html
    assert "CSRF verification failed" not in html
    assert f'href="{reverse("home")}" id="way-back"' in html
