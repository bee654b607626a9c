"""Company single sign-on end to end against a local identity provider (tests.accounts.fake_idp):
the app redirects to it, it redirects back with a code, the app exchanges the code over HTTP for
real tokens and signs in the staff member the roster names, or refuses an unknown person with a
page saying why and creates nobody."""

import urllib.error
import urllib.parse
import urllib.request

import pytest
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.dingtalk.views import DingTalkOAuth2Adapter
from django.contrib.auth import get_user_model

from tests.accounts import fake_idp
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _follow_provider(location: str) -> str:
    """Open the provider's authorize address as the browser would, and return where its real
    302 sends the browser back to."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(location, timeout=5)  # noqa: S310 — the test's own local server
    except urllib.error.HTTPError as answer:
        assert answer.code == 302, answer.read()
        return answer.headers["Location"]
    raise AssertionError("the provider did not redirect")


def sign_on(client, login_path: str):
    """Press the company sign-in button, pass the provider, come back: the final answer."""
    started = client.post(login_path)
    assert started.status_code == 302, started.content
    back = urllib.parse.urlsplit(_follow_provider(started["Location"]))
    assert back.path.endswith("/login/callback/")
    return client.get(f"{back.path}?{back.query}")


@pytest.fixture
def idp(settings, monkeypatch):
    server = fake_idp.FakeIdP().start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "company",
                    "name": "集团统一身份",
                    "client_id": fake_idp.CLIENT_ID,
                    "secret": fake_idp.CLIENT_SECRET,
                    "settings": {"server_url": server.url, "employee_number_claim": "employee_number"},
                }
            ],
            "OAUTH_PKCE_ENABLED": True,
            "SCOPE": ["openid", "profile", "phone"],
        },
        "wecom": {
            "APPS": [
                {
                    "client_id": fake_idp.CORP_ID,
                    "secret": fake_idp.CORP_SECRET,
                    "settings": {
                        "agent_id": "1000002",
                        "authorize_url": f"{server.url}/wecom/authorize",
                        "api_url": server.url,
                    },
                }
            ]
        },
        "dingtalk": {"APPS": [{"client_id": fake_idp.DINGTALK_KEY, "secret": fake_idp.DINGTALK_SECRET}]},
    }
    # allauth's DingTalk adapter names DingTalk's addresses in the class: point them here.
    monkeypatch.setattr(DingTalkOAuth2Adapter, "authorize_url", f"{server.url}/dingtalk/auth")
    monkeypatch.setattr(DingTalkOAuth2Adapter, "access_token_url", f"{server.url}/v1.0/oauth2/userAccessToken")
    monkeypatch.setattr(DingTalkOAuth2Adapter, "profile_url", f"{server.url}/v1.0/contact/users/me")
    yield server
    server.stop()


@pytest.fixture
def zhou():
    return StaffProfileFactory(
        employee_number="YG900", name="周明", phone="13912345678", wecom_userid="zhouming", user__username="YG900"
    )


OIDC = "/accounts/sso/oidc/company/login/"
WECOM = "/accounts/sso/wecom/login/"
DINGTALK = "/accounts/sso/dingtalk/login/"


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_oidc_signs_in_the_rostered_person_with_real_tokens(client, idp, zhou):
    idp.person = {"sub": "u-1001", "employee_number": "YG900", "name": "周明"}
    response = sign_on(client, OIDC)
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert _signed_in_as(client) == str(zhou.user.pk)
    assert client.session["_auth_user_backend"] == "accounts.backends.StaffIdentifierBackend"
    assert {"/.well-known/openid-configuration", "/authorize", "/token", "/userinfo"} <= set(idp.calls)
    account = SocialAccount.objects.get()
    assert (account.user, account.provider, account.uid) == (zhou.user, "company", "u-1001")
    # Next time the linked identity signs in directly.
    client.logout()
    assert sign_on(client, OIDC).status_code == 302 and _signed_in_as(client) == str(zhou.user.pk)
    assert SocialAccount.objects.count() == 1


def test_oidc_refuses_an_unknown_person_and_creates_nobody(client, idp, zhou):
    users = get_user_model().objects.count()
    idp.person = {"sub": "u-2002", "employee_number": "NOT-ON-ROSTER", "name": "路人"}
    response = sign_on(client, OIDC)
    assert response.status_code == 403
    assert "does not match anyone on the staff roster" in response.content.decode()
    assert _signed_in_as(client) is None
    assert get_user_model().objects.count() == users
    assert not SocialAccount.objects.exists()


def test_oidc_matches_a_verified_phone_number_only(client, idp, zhou):
    idp.person = {"sub": "u-3", "phone_number": "+86 139 1234 5678", "phone_number_verified": False}
    assert sign_on(client, OIDC).status_code == 403
    idp.person = {"sub": "u-3", "phone_number": "+86 139 1234 5678", "phone_number_verified": True}
    assert sign_on(client, OIDC).status_code == 302 and _signed_in_as(client) == str(zhou.user.pk)


def test_two_identifiers_naming_two_people_sign_in_nobody(client, idp, zhou):
    StaffProfileFactory(employee_number="YG901", phone="13700000001")
    idp.person = {
        "sub": "u-4",
        "employee_number": "YG901",
        "phone_number": "13912345678",
        "phone_number_verified": True,
    }
    assert sign_on(client, OIDC).status_code == 403


def test_a_leaver_is_refused(client, idp, zhou):
    zhou.left_at = "2025-06-30"
    zhou.save()
    idp.person = {"sub": "u-1001", "employee_number": "YG900"}
    assert sign_on(client, OIDC).status_code == 403
    assert _signed_in_as(client) is None


def test_a_linked_identity_the_roster_moved_to_someone_else_is_refused(client, idp, zhou):
    idp.person = {"userid": "zhouming"}
    assert sign_on(client, WECOM).status_code == 302
    client.logout()
    zhou.wecom_userid = ""
    zhou.save()
    StaffProfileFactory(employee_number="YG902", wecom_userid="zhouming")
    idp.person = {"userid": "zhouming"}
    assert sign_on(client, WECOM).status_code == 403
    assert _signed_in_as(client) is None


def test_wecom_signs_in_by_the_rostered_wecom_user_id(client, idp, zhou):
    idp.person = {"userid": "zhouming"}
    started = client.post(WECOM)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(started["Location"]).query))
    assert started["Location"].endswith("#wechat_redirect")
    assert (query["appid"], query["agentid"], query["scope"]) == (fake_idp.CORP_ID, "1000002", "snsapi_base")
    back = urllib.parse.urlsplit(_follow_provider(started["Location"].split("#")[0]))
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 302 and _signed_in_as(client) == str(zhou.user.pk)
    assert SocialAccount.objects.get().uid == "zhouming"


def test_wecom_user_id_equal_to_the_employee_number_signs_in(client, idp):
    qian = StaffProfileFactory(employee_number="YG905")
    idp.person = {"userid": "YG905"}
    assert sign_on(client, WECOM).status_code == 302
    assert _signed_in_as(client) == str(qian.user.pk)


def test_wecom_refuses_an_unknown_member(client, idp, zhou):
    idp.person = {"userid": "stranger"}
    response = sign_on(client, WECOM)
    assert response.status_code == 403 and "WeCom" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_wecom_refuses_someone_outside_the_company(client, idp, zhou):
    idp.person = {"openid": "o-outsider"}  # WeCom gives non-members an openid, no userid
    response = sign_on(client, WECOM)
    assert _signed_in_as(client) is None
    assert "did not confirm who you are" in response.content.decode()


def test_wecom_company_token_is_fetched_once_and_cached(client, idp, zhou):
    for _ in range(2):
        idp.person = {"userid": "zhouming"}
        sign_on(client, WECOM)
        client.logout()
    assert idp.calls.count("/cgi-bin/gettoken") == 1
    assert idp.calls.count("/cgi-bin/auth/getuserinfo") == 2


def test_dingtalk_signs_in_by_the_verified_mobile_number(client, idp, zhou):
    idp.person = {"nick": "周明", "openId": "ding-open-1", "unionId": "u1", "mobile": "13912345678", "stateCode": "86"}
    response = sign_on(client, DINGTALK)
    assert response.status_code == 302 and _signed_in_as(client) == str(zhou.user.pk)
    idp.person = {"nick": "路人", "openId": "ding-open-2", "unionId": "u2", "mobile": "13000000000", "stateCode": "86"}
    client.logout()
    assert sign_on(client, DINGTALK).status_code == 403


def test_an_identity_is_never_attached_to_whoever_is_signed_in(client, idp, zhou):
    other = StaffProfileFactory()
    client.force_login(other.user)
    idp.person = {"userid": "zhouming"}
    started = client.post(WECOM + "?process=connect")
    back = urllib.parse.urlsplit(_follow_provider(started["Location"].split("#")[0]))
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 403
    assert not SocialAccount.objects.exists()


def test_the_login_page_offers_each_configured_company_sign_in(client, idp):
    page = client.get("/accounts/login/").content.decode()
    for path in (OIDC, WECOM, DINGTALK):
        assert f'action="{path}' in page
    assert "集团统一身份" in page


def test_nobody_can_sign_up_through_allauth(client, db):
    assert client.get("/accounts/signup/").status_code == 404
    assert client.get("/accounts/sso/").status_code == 404
