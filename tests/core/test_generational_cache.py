"""Values under a generation are kept by each process too, and a signed-in request reads the shared
keys, the user and the bell's count in one round trip."""

import pytest
from django.core.cache import cache, caches
from django.test import override_settings

from core.auth_backends import GENERATION_KEY, USER_KEY
from core.cache import generational_get, generational_get_many, generational_set
from courses.structure import GENERATION_KEY as STRUCTURE_GENERATION_KEY
from notifications.selectors import UNREAD_GENERATION_KEY, UNREAD_KEY
from tests.factories.courses import CoursePageFactory
from tests.factories.org import StaffProfileFactory


def test_a_value_read_from_the_shared_cache_is_kept_by_the_process():
    cache.set("demo:g1:plan", {"steps": [1, 2]})
    assert generational_get("demo:g1:plan") == {"steps": [1, 2]}
    cache.delete("demo:g1:plan")  # the shared copy gone (evicted): this process still has it
    assert generational_get("demo:g1:plan") == {"steps": [1, 2]}
    assert generational_get("demo:g2:plan") is None  # a new generation is a new key


def test_a_write_goes_to_both_and_each_read_is_a_copy_of_its_own():
    generational_set("demo:g1:plan", {"steps": [1, 2]}, 60)
    assert cache.get("demo:g1:plan") == caches["generational"].get("demo:g1:plan") == {"steps": [1, 2]}
    first = generational_get("demo:g1:plan")
    first["steps"].append(3)  # one request changing what it read
    assert generational_get("demo:g1:plan") == {"steps": [1, 2]}


def test_many_keys_read_the_shared_cache_only_for_what_the_process_lacks(monkeypatch):
    generational_set("demo:g1:a", "A", 60)
    cache.set("demo:g1:b", "B")
    asked = []
    shared = caches["default"]
    original = shared.get_many
    monkeypatch.setattr(shared, "get_many", lambda keys, **kw: asked.append(list(keys)) or original(keys, **kw))
    assert generational_get_many(["demo:g1:a", "demo:g1:b", "demo:g1:c"]) == {"demo:g1:a": "A", "demo:g1:b": "B"}
    assert asked == [["demo:g1:b", "demo:g1:c"]]


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_without_the_tier_the_shared_cache_alone_serves():
    generational_set("demo:g1:plan", "P", 60)
    assert generational_get("demo:g1:plan") == "P"
    cache.delete("demo:g1:plan")
    assert generational_get("demo:g1:plan") is None


def cache_reads_counted(monkeypatch) -> list:
    """The keys of each read of the shared cache, one entry a round trip (locmem's get_many calls
    its own get for each key: still one round trip)."""
    calls, inside = [], []
    shared = caches["default"]
    get, get_many = shared.get, shared.get_many

    def get_counted(key, *args, **kwargs):
        if not inside:
            calls.append([key])
        return get(key, *args, **kwargs)

    def get_many_counted(keys, **kwargs):
        calls.append(list(keys))
        inside.append(True)
        try:
            return get_many(keys, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(shared, "get", get_counted)
    monkeypatch.setattr(shared, "get_many", get_many_counted)
    return calls


def person_keys(user_id) -> set[str]:
    return {
        USER_KEY.format(user_id),
        GENERATION_KEY.format(user_id),
        UNREAD_KEY.format(user_id),
        UNREAD_GENERATION_KEY.format(user_id),
    }


@pytest.mark.django_db
def test_a_signed_in_page_reads_the_shared_keys_the_user_and_the_bell_in_one_round_trip(client, monkeypatch):
    profile = StaffProfileFactory()
    client.force_login(profile.user)
    client.get("/learning/")  # fills the cache
    calls = cache_reads_counted(monkeypatch)
    assert client.get("/learning/").status_code == 200
    mine = person_keys(profile.user_id)
    together = [keys for keys in calls if mine <= set(keys)]
    assert len(together) == 1 and STRUCTURE_GENERATION_KEY in together[0]
    assert not any(mine & set(keys) for keys in calls if keys is not together[0])


@pytest.mark.django_db
def test_a_page_wagtail_serves_reads_the_user_and_the_bell_in_one_round_trip(client, monkeypatch, catalog):
    """Wagtail reads the shared keys first, to find the Site, before anything asks for the user."""
    profile = StaffProfileFactory()
    client.force_login(profile.user)
    course = CoursePageFactory(parent=catalog)
    client.get(course.url)
    calls = cache_reads_counted(monkeypatch)
    client.get(course.url)
    mine = person_keys(profile.user_id)
    assert [set(keys) for keys in calls if mine & set(keys)] == [mine]
