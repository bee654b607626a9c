"""Login lockout (django-axes): repeated failures lock the username from that address, and no
response tells an attacker whether the account exists."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-test-123"


def attempt(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def visible_text(response) -> str:
    """The page without the parts that legitimately differ per request (CSRF token, nonce)
    or that echo what was typed."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    body = re.sub(r'nonce="[^"]*"', "", body)
    return re.sub(r'id="id_username"[^>]*>', "", body)


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(settings):
    StaffProfileFactory(user__username="alice")
    wrong_password = attempt(Client(), "alice", "not-her-password")
    unknown_account = attempt(Client(), "nobody-here", "not-her-password")
    assert wrong_password.status_code == unknown_account.status_code == 200
    assert visible_text(wrong_password) == visible_text(unknown_account)


def test_the_account_locks_after_the_failure_limit_even_for_the_right_password(settings):
    StaffProfileFactory(user__username="alice")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "alice", "wrong")
    locked = attempt(client, "alice", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_locked_real_account_and_a_locked_unknown_account_look_the_same(settings):
    StaffProfileFactory(user__username="alice")
    responses = {}
    for username in ("alice", "ghost"):
        client = Client()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, username, "wrong")
        responses[username] = attempt(client, username, "wrong")
    assert responses["alice"].status_code == responses["ghost"].status_code == 429
    assert visible_text(responses["alice"]) == visible_text(responses["ghost"])


def test_the_lockout_is_per_username_and_address_so_another_account_can_still_log_in(settings):
    StaffProfileFactory(user__username="alice")
    StaffProfileFactory(user__username="bob")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "alice", "wrong")
    response = attempt(client, "bob", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_success_before_the_limit_resets_the_count(settings):
    profile = StaffProfileFactory(user__username="alice")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(Client(), "alice", "wrong")
    assert attempt(Client(), "alice", PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(Client(), "alice", "wrong")
    client = Client()
    assert attempt(client, "alice", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(profile.user.pk)
