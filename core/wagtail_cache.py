"""Two reads Wagtail makes on every page it serves, kept in the shared cache (Redis in
production) instead of the database: which Site answers a host, and whether any page view
restriction exists at all. Both change only when an editor changes a Site or a restriction; the
signal handlers in lms.apps then start a new generation, so every web process sees the change at
its next request. Each process keeps copies of what it read under the current generation
(core.cache.generational_get); the generation itself is read from the shared cache each request."""

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site

from core.cache import (
    generation,
    generation_renew,
    generational_cached,
    shared_forget,
    shared_get,
    shared_keys_register,
    shared_set,
)

SITES_GENERATION = "lms:wagtail:sites:generation"
RESTRICTIONS_EXIST = "lms:wagtail:view-restrictions-exist"
TIMEOUT = 3600
shared_keys_register(SITES_GENERATION, RESTRICTIONS_EXIST)


_site_find_uncached = Site._find_for_request
_root_paths_uncached = Site.get_site_root_paths
_root_paths_clear_uncached = Site.clear_site_root_paths_cache


def site_for_request(request: HttpRequest) -> Site | None:
    """The Site Wagtail would find for this request (Site._find_for_request), from the cache,
    with its root page already in its specific type: Wagtail routes every page request from
    `site.root_page.localized.specific`, two queries otherwise. A save of a page that is a site's
    root starts a new sites' generation (root_page_changed), so a changed root page is read
    again; other pages' saves leave the Site cached."""
    try:
        request.get_host()  # only allowed hosts are cached: a forged Host header adds no key
    except DisallowedHost:
        return _site_find_uncached(request)
    hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()
    key = f"lms:wagtail:site:{generation(SITES_GENERATION)}:{hostname}:{port}"
    return generational_cached(key, lambda: _site_with_specific_root(request), TIMEOUT)


def _site_with_specific_root(request: HttpRequest) -> Site | None:
    site = _site_find_uncached(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site


def site_root_paths() -> list:
    """Site.get_site_root_paths, which every page that writes a link to a page reads: Wagtail
    keeps it in the cache under a key of its own (one round trip each request); here it is read
    under the sites' generation, so each process's copy serves it. Wagtail's own clearing
    (a Site saved or deleted, a site's root page saved) renews that generation
    (site_root_paths_clear), and so does root_page_changed."""
    return generational_cached(f"lms:wagtail:site-root-paths:{generation(SITES_GENERATION)}", _root_paths_read, TIMEOUT)


def _root_paths_read() -> list:
    _root_paths_clear_uncached()  # read from the database, not from a copy Wagtail kept
    return _root_paths_uncached()


def site_root_paths_clear() -> None:
    """Site.clear_site_root_paths_cache: Wagtail's key deleted, and a new sites' generation."""
    _root_paths_clear_uncached()
    generation_renew(SITES_GENERATION)


def sites_changed(**kwargs) -> None:
    generation_renew(SITES_GENERATION)


def root_page_changed(sender=None, instance=None, **kwargs) -> None:
    """Signal handler for every model's saves and Wagtail's publish and unpublish: when the page
    is a site's root, the cached Sites (which carry their root page) are read again."""
    if isinstance(instance, Page) and Site.objects.filter(root_page_id=instance.pk).exists():
        generation_renew(SITES_GENERATION)


def view_restrictions_exist() -> bool:
    exist = shared_get(RESTRICTIONS_EXIST)
    if exist is None:
        exist = PageViewRestriction.objects.exists()
        shared_set(RESTRICTIONS_EXIST, exist, TIMEOUT)
    return exist


def view_restrictions_changed(**kwargs) -> None:
    shared_forget(RESTRICTIONS_EXIST)


def site_lookup_install() -> None:
    """Wagtail finds a request's Site through Site._find_for_request the first time something
    needs it (serving or routing a page, a page's URL, the admin), and Site.find_for_request keeps
    it on the request. Pointed at site_for_request, that lookup reads the cache, and a request
    that needs no Site (an autosave, the JSON API) reads nothing. The site root paths are read
    the same way (site_root_paths). Called once, from CoreConfig.ready."""
    Site._find_for_request = staticmethod(site_for_request)
    Site.get_site_root_paths = staticmethod(site_root_paths)
    Site.clear_site_root_paths_cache = staticmethod(site_root_paths_clear)


class ViewRestrictionsCachedMixin:
    """For page models: while no view restriction exists anywhere, Wagtail's check before serving
    a page needs no query (it otherwise takes two: aliases among the ancestors, then the
    restrictions). Access here is by sign-in and role; editors seldom restrict pages."""

    def get_view_restrictions(self):
        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
