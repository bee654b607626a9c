"""The signed-in user comes with their staff profile in one query, and from the shared cache
while neither has changed."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.auth_backends import GENERATION_KEY, USER_KEY, user_forget, user_load
from org.models import StaffProfile
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


def auth_user_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if 'FROM "auth_user"' in q["sql"]]


def test_the_next_request_takes_the_user_from_the_cache(client):
    profile = StaffProfileFactory(name="李静")
    client.force_login(profile.user)
    client.get(reverse("courses:my_learning"))  # loads and caches the user
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("courses:my_learning")).content.decode()
    assert "李静" in page
    assert auth_user_queries(ctx) == []


def test_a_saved_profile_is_read_again_at_the_next_request(client):
    profile = StaffProfileFactory(name="李静")
    client.force_login(profile.user)
    client.get(reverse("courses:my_learning"))
    profile.name = "李静怡"
    profile.save()
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("courses:my_learning")).content.decode()
    assert "李静怡" in page and len(auth_user_queries(ctx)) == 1


def test_a_new_password_signs_out_the_cached_session(client):
    profile = StaffProfileFactory()
    client.force_login(profile.user)
    client.get(reverse("courses:my_learning"))
    profile.user.set_password("another-long-password-2")
    profile.user.save()
    response = client.get(reverse("courses:my_learning"))
    assert response.status_code == 302 and not response.wsgi_request.user.is_authenticated


def test_a_copy_read_before_a_concurrent_change_is_never_served():
    """A reader reads the generation, then the row; meanwhile a change commits and starts a new
    generation; the reader then stores its old copy. The next load must not serve it."""
    profile = StaffProfileFactory(name="旧名")
    old_generation = cache.get_or_set(GENERATION_KEY.format(profile.user_id), "g-before")
    stale = user_load(profile.user_id)
    StaffProfile.objects.filter(pk=profile.pk).update(name="新名")  # the change, without signals
    user_forget(profile.user_id)  # what its commit does
    cache.set(USER_KEY.format(profile.user_id), (old_generation, stale))  # the slow reader's write
    assert user_load(profile.user_id).staff_profile.name == "新名"


def test_forgetting_a_user_removes_their_cached_personal_data():
    profile = StaffProfileFactory(phone="13800001111")
    user_load(profile.user_id)
    assert cache.get(USER_KEY.format(profile.user_id)) is not None
    profile.save()
    assert cache.get(USER_KEY.format(profile.user_id)) is None


def test_a_deleted_user_is_not_served_from_the_cache():
    profile = StaffProfileFactory()
    user_id = profile.user_id
    assert user_load(user_id) is not None
    profile.user.delete()
    assert user_load(user_id) is None
