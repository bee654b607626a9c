"""Session fixation: the session key changes when a user logs in (and the old one is dead)."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


def test_logging_in_rotates_the_session_key():
    StaffProfileFactory(user__username="alice")
    client = Client()
    session = client.session
    session["language_hint"] = "zh-hans"
    session.save()
    before = session.session_key
    response = client.post(reverse("login"), {"username": "alice", "password": "pw-test-123"})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.filter(session_key=after).exists()


def test_logging_out_is_a_post_and_ends_the_session():
    profile = StaffProfileFactory(user__username="alice")
    client = Client()
    client.force_login(profile.user)
    key = client.cookies["sessionid"].value
    assert client.get(reverse("logout")).status_code == 405
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
