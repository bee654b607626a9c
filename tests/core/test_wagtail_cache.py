"""Wagtail's Site lookup and view-restriction check come from the shared cache, and follow an
editor's change at the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(catalog):
    return LessonPageFactory(parent=CoursePageFactory(parent=catalog), title="消防通道")


@pytest.fixture
def signed_in(client):
    client.force_login(StaffProfileFactory().user)
    return client


def queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_a_page_reads_neither_the_site_nor_restrictions_from_the_database_once_cached(signed_in, lesson):
    signed_in.get(lesson.url)  # fills the cache
    sql = queries_of(signed_in, lesson.url)
    assert not [q for q in sql if "wagtailcore_site" in q]
    assert not [q for q in sql if "wagtailcore_pageviewrestriction" in q]


def test_a_new_view_restriction_is_enforced_at_the_next_request(signed_in, lesson):
    assert "消防通道" in signed_in.get(lesson.url).content.decode()
    PageViewRestriction.objects.create(
        page=lesson.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="s3cret-drill"
    )
    response = signed_in.get(lesson.url)
    assert "消防通道" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_removing_the_last_restriction_opens_the_page_again(signed_in, lesson):
    restriction = PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-drill"
    )
    assert "消防通道" not in signed_in.get(lesson.url).content.decode()
    restriction.delete()
    assert "消防通道" in signed_in.get(lesson.url).content.decode()


def test_a_changed_site_is_used_at_the_next_request(signed_in, lesson, catalog):
    signed_in.get(lesson.url)
    site = Site.objects.get(is_default_site=True)
    site.root_page = catalog  # the catalogue becomes the root: paths lose their first part
    site.save()
    course_slug = lesson.get_parent().slug
    assert signed_in.get(f"/{course_slug}/{lesson.slug}/").status_code == 200


def test_the_cached_site_carries_its_root_page_and_another_page_leaves_it_cached(signed_in, lesson, catalog):
    signed_in.get(lesson.url)  # fills the cache
    CoursePageFactory(parent=catalog)  # any page but a site's root
    sql = queries_of(signed_in, lesson.url)
    assert not [q for q in sql if "wagtailcore_site" in q]
    assert not [q for q in sql if '"courses_homepage"' in q]  # the root page, already specific


def test_a_published_change_to_the_root_page_is_read_again(signed_in, lesson):
    signed_in.get(lesson.url)  # fills the cache
    root = Site.objects.get(is_default_site=True).root_page.specific
    root.title = "物业服务学院（新）"
    root.save_revision().publish()
    sql = queries_of(signed_in, lesson.url)
    assert [q for q in sql if "wagtailcore_site" in q]  # the Site (and its root page) read again
    site = signed_in.get(lesson.url).wsgi_request._wagtail_site
    assert site.root_page.title == "物业服务学院（新）"


def test_the_site_is_found_only_when_something_needs_it_and_then_from_the_cache(signed_in, lesson, settings):
    from django.core.cache import cache
    from django.urls import reverse

    from core.wagtail_cache import SITES_GENERATION

    page = signed_in.get(lesson.url)  # a page: the Site found (and cached) to route it
    assert page.wsgi_request._wagtail_site.root_page.pk == lesson.get_site().root_page_id
    cache.delete(SITES_GENERATION)  # any cached Site now unreachable: a lookup would query
    with CaptureQueriesContext(connection) as ctx:
        response = signed_in.post(reverse("notifications:read_all"))  # draws no page
    assert response.status_code == 302
    assert not hasattr(response.wsgi_request, "_wagtail_site")
    assert not [q["sql"] for q in ctx.captured_queries if "wagtailcore_site" in q["sql"]]


def test_site_root_paths_come_from_the_process_copy_and_follow_a_change(signed_in, lesson, catalog, monkeypatch):
    from django.core.cache import caches
    from django.utils.encoding import iri_to_uri
    from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY

    Site.get_site_root_paths()  # read once
    shared = caches["default"]
    asked = []
    get = shared.get
    monkeypatch.setattr(shared, "get", lambda key, *a, **kw: asked.append(key) or get(key, *a, **kw))
    with CaptureQueriesContext(connection) as ctx:
        paths = Site.get_site_root_paths()
    assert SITE_ROOT_PATHS_CACHE_KEY not in asked and not ctx.captured_queries
    assert [p.root_path for p in paths] == [Site.objects.get(is_default_site=True).root_page.url_path]
    monkeypatch.undo()
    site = Site.objects.get(is_default_site=True)
    site.root_page = catalog  # Wagtail clears its own copy; the sites' generation is renewed
    site.save()
    assert [p.root_path for p in Site.get_site_root_paths()] == [catalog.url_path]
    lesson.refresh_from_db()
    assert lesson.get_url() == iri_to_uri(f"/{lesson.get_parent().slug}/{lesson.slug}/")  # the new root's paths
