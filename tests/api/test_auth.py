"""API authentication: Bearer tokens (stored only as digests, last use recorded, revocable) next
to the browser session, which needs CSRF on writes."""

import pytest
from django.test import Client
from wagtail.models import APIToken

from privacy.services import personal_data_erase

pytestmark = pytest.mark.django_db
ME = "/api/v1/learning/me"
ROSTER = "/api/v1/people/roster"


def test_anonymous_calls_are_refused_with_401(world):
    assert Client().get(ME).status_code == 401


def test_a_bearer_token_authenticates_as_its_user_and_records_last_use(world, token_client):
    client = token_client(world.trainee)
    response = client.get(ME)
    assert response.status_code == 200
    token = APIToken.objects.get(user=world.trainee.user)
    assert token.last_used_at is not None


def test_only_a_digest_of_the_token_is_stored(world):
    token, raw = APIToken.create_token(user=world.hr.user, name="HR system")
    stored = APIToken.objects.filter(pk=token.pk).values().get()
    assert raw not in str(stored)


@pytest.mark.parametrize("header", ["Bearer wagtail_nonsense", "Bearer ", "Basic abc", "Bearer " + "x" * 5000])
def test_a_wrong_token_is_refused(world, header):
    assert Client(headers={"Authorization": header}).get(ME).status_code == 401


def test_a_wrong_token_is_refused_even_with_a_valid_session_cookie(world):
    client = world.client("trainee", headers={"Authorization": "Bearer wagtail_nonsense"})
    assert client.get(ME).status_code == 401


def test_a_revoked_token_is_refused(world, token_client):
    client = token_client(world.trainee)
    APIToken.objects.get(user=world.trainee.user).revoke()
    assert client.get(ME).status_code == 401


def test_the_token_of_an_erased_leaver_stops_working(world, token_client):
    client = token_client(world.trainee)
    personal_data_erase(actor=world.hr.user, profile=world.trainee)
    assert client.get(ME).status_code == 401


def test_a_token_write_needs_no_csrf_token(world, token_client):
    response = token_client(world.hr).post(
        ROSTER, {"rows": [{"employee_number": "E90001", "name": "周新"}]}, content_type="application/json"
    )
    assert response.status_code == 200


def test_a_session_write_without_csrf_is_refused(world):
    client = world.client("hr", enforce_csrf_checks=True)
    response = client.post(
        ROSTER, {"rows": [{"employee_number": "E90001", "name": "周新"}]}, content_type="application/json"
    )
    assert response.status_code == 403


def test_a_session_write_with_csrf_is_accepted(world):
    client = world.client("hr", enforce_csrf_checks=True)
    client.get("/people/")
    response = client.post(
        ROSTER,
        {"rows": [{"employee_number": "E90001", "name": "周新"}]},
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )
    assert response.status_code == 200


def test_hr_admins_can_create_tokens_in_the_wagtail_admin(world):
    client = world.client("hr")
    response = client.post("/admin/api-tokens/new/", {"name": "HR system", "user": world.hr.user.pk})
    assert response.status_code == 200
    token = APIToken.objects.get(name="HR system")
    assert token.user == world.hr.user
    assert token.prefix in response.content.decode()


def test_trainees_cannot_reach_the_token_admin(world):
    response = world.client("trainee").get("/admin/api-tokens/")
    assert response.status_code in (302, 403)
