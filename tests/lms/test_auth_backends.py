"""The signed-in user comes with their staff profile in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


def test_a_page_reads_the_user_and_their_profile_in_one_query(client):
    profile = StaffProfileFactory(name="王晓明")
    client.force_login(profile.user)
    client.get(reverse("courses:my_learning"))  # warm
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("courses:my_learning")).content.decode()
    assert "王晓明" in page
    assert not [
        q for q in ctx.captured_queries if 'FROM "org_staffprofile"' in q["sql"] and "auth_user" not in q["sql"]
    ]


def test_an_inactive_user_is_signed_out(client):
    profile = StaffProfileFactory()
    client.force_login(profile.user)
    profile.user.is_active = False
    profile.user.save()
    response = client.get(reverse("courses:my_learning"))
    assert response.status_code == 302 and not response.wsgi_request.user.is_authenticated


def test_a_user_without_a_profile_still_signs_in(client, django_user_model):
    user = django_user_model.objects.create_user("plain", password="x-long-password-1")
    client.force_login(user)
    response = client.get(reverse("courses:my_learning"))
    assert response.wsgi_request.user == user
