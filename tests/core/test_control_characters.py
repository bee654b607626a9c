"""NUL and other control characters are refused at the edge (core.middleware): the public
certificate check, its JSON, a search, an export's filters and the API answer 400 naming the part
of the request at fault, never a server error (PostgreSQL cannot store NUL in text). Tab, line
feed and carriage return are ordinary text; file uploads are not read."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from wagtail.models import APIToken

from skills.models import DashboardExport
from tests.factories.org import HRAdminFactory, ManagerFactory, SiteFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db

REFUSAL = "contains a control character"


@pytest.fixture
def manager():
    site = SiteFactory()
    manager = ManagerFactory(site=site, managed_sites=[site])
    StaffProfileFactory(site=site, name="王小明")
    return manager


def bearer_client(profile) -> Client:
    _, raw = APIToken.create_token(user=profile.user, name="control characters")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_the_public_verify_page_refuses_a_nul_in_the_code(client):
    response = client.get("/certificates/verify/%00/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert REFUSAL in page and "the address" in page


def test_the_verify_json_refuses_a_nul_in_the_code_with_json(client):
    response = client.get("/certificates/verify/AB%00CD.json")
    assert response.status_code == 400
    assert response.json()["loc"] == ["path"]
    assert REFUSAL in response.json()["detail"]


def test_the_team_search_refuses_a_nul_in_the_query(client, manager):
    client.force_login(manager.user)
    response = client.get("/skills/team/", {"q": "王\x00"})
    assert response.status_code == 400
    assert "the query string" in response.content.decode()
    assert client.get("/skills/team/", {"q": "王"}).status_code == 200


@pytest.mark.parametrize("character", ["\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f"])
def test_other_c0_control_characters_are_refused_too(client, manager, character):
    client.force_login(manager.user)
    assert client.get("/skills/team/", {"q": f"王{character}"}).status_code == 400


@pytest.mark.parametrize("whitespace", ["\t", "\n", "\r"])
def test_tab_line_feed_and_carriage_return_are_text(client, manager, whitespace):
    client.force_login(manager.user)
    assert client.get("/skills/team/", {"q": f"王{whitespace}"}).status_code == 200


def test_an_export_with_a_nul_in_its_filters_is_refused_and_not_queued(client, manager):
    client.force_login(manager.user)
    response = client.post("/skills/team/exports/matrix/request/", {"q": "\x00"})
    assert response.status_code == 400
    assert "a form field" in response.content.decode()
    assert not DashboardExport.objects.exists()
    assert client.post("/skills/team/exports/matrix/request/", {"q": "王"}).status_code == 302
    assert DashboardExport.objects.count() == 1


def test_a_file_upload_may_hold_nul_bytes(client, manager):
    """Only form fields are read: the uploaded file's bytes are the view's business (here the
    verify page answers 405 to a POST, so the request went past the middleware)."""
    upload = SimpleUploadedFile("roster.xlsx", b"PK\x03\x04\x00\x00\x00binary", content_type="application/octet-stream")
    response = client.post("/certificates/verify/ABC/", {"file": upload, "note": "ok"})
    assert response.status_code == 405


def test_the_refusal_is_in_the_readers_language(client):
    response = client.get("/certificates/verify/%00/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert response["Content-Language"] == "zh-hans"
    with translation.override("zh-hans"):
        expected = translation.gettext(
            "This request was refused: %(place)s contains a control character (such as NUL), "
            "which text may not contain. Remove it and try again."
        ) % {"place": translation.pgettext("part of a web request", "the address")}
    assert expected in response.content.decode()


def test_an_api_query_parameter_with_nul_gets_json_400(manager):
    response = bearer_client(manager).get("/api/v1/skills/team", {"q": "\x00"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["loc"] == ["query", "q"]


def test_the_public_api_verify_refuses_a_nul_in_the_path():
    response = Client().get("/api/v1/certificates/verify/%00")
    assert response.status_code == 400
    assert response.json()["loc"] == ["path"]


def test_an_api_json_body_with_an_escaped_nul_gets_400():
    hr = HRAdminFactory()
    body = {"rows": [{"employee_number": "E0001", "name": "王\u0000明"}]}
    response = bearer_client(hr).post("/api/v1/people/roster", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["loc"] == ["body", "rows", 0, "name"]
    assert REFUSAL in response.json()["detail"]


def test_an_api_json_body_with_a_raw_nul_byte_gets_400():
    """A raw NUL inside a JSON string is not JSON at all: the API refuses to parse it."""
    hr = HRAdminFactory()
    body = b'{"rows": [{"employee_number": "E0001", "name": "\x00"}]}'
    response = bearer_client(hr).post("/api/v1/people/roster", body, content_type="application/json")
    assert response.status_code == 400


# The five edges issue #14 names, each with a NUL where a person would type text.
EDGES = {
    "verify page": ("anonymous", "get", "/certificates/verify/%00/", None),
    "verify JSON": ("anonymous", "get", "/certificates/verify/AB%00CD.json", None),
    "team search": ("manager", "get", "/skills/team/", {"q": "\x00"}),
    "export filter": ("manager", "post", "/skills/team/exports/matrix/request/", {"q": "\x00"}),
    "API query": ("manager-token", "get", "/api/v1/skills/team", {"q": "\x00"}),
    "API path": ("anonymous", "get", "/api/v1/certificates/verify/%00", None),
    "API JSON body": (
        "hr-token",
        "post",
        "/api/v1/people/roster",
        {"rows": [{"employee_number": "E1", "name": "\x00"}]},
    ),
}


def send(edge: str, manager, *, raise_errors: bool = True):
    who, method, path, data = EDGES[edge]
    if who == "manager-token":
        client = bearer_client(manager)
    elif who == "hr-token":
        client = bearer_client(HRAdminFactory())
    else:
        client = Client()
        if who == "manager":
            client.force_login(manager.user)
    client.raise_request_exception = raise_errors
    if who == "hr-token":
        return client.post(path, json.dumps(data), content_type="application/json")
    return getattr(client, method)(path, data) if data is not None else getattr(client, method)(path)


@pytest.mark.parametrize("edge", EDGES)
def test_every_edge_answers_400_on_either_database(edge, manager):
    assert send(edge, manager).status_code == 400


@pytest.mark.postgres
@pytest.mark.parametrize("edge", [edge for edge in EDGES if edge != "API JSON body"])
def test_without_the_middleware_every_edge_was_a_server_error_on_postgresql(edge, manager, settings):
    """Why the middleware is there (and a check that the test above tests something): without
    it, each of these requests reaches PostgreSQL, which cannot store NUL in text. (The roster's
    sanitiser happened to drop the NUL from a name, so that body was a row error, not a 500.)"""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "core.middleware.ControlCharactersMiddleware"]
    assert send(edge, manager, raise_errors=False).status_code == 500


@pytest.mark.parametrize("escape", ["\\u0000", "\\u001F", "\\b", "\\f"])
def test_a_json_body_with_any_escaped_control_character_gets_400(escape):
    """The middleware skips parsing a body without a backslash (no JSON string can then hold a
    control character); every escape that decodes to one is still found."""
    hr = HRAdminFactory()
    body = '{"rows": [{"employee_number": "E0001", "name": "王' + escape + '明"}]}'
    response = bearer_client(hr).post("/api/v1/people/roster", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["loc"] == ["body", "rows", 0, "name"]
