import os
import shutil
import threading

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the test
# (setting up data) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

POSTGRES = os.environ.get("LMS_TEST_POSTGRES") == "1" and bool(os.environ.get("DATABASE_URL"))


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL and LMS_TEST_POSTGRES=1")
    for item in items:
        if "postgres" in item.keywords and not POSTGRES:
            item.add_marker(skip_pg)
        _serialize_transactional(item)


def _serialize_transactional(item) -> None:
    """Every transactional test (live server, threads) gets serialized rollback: it starts from
    the migrated database's rows (Wagtail's root page, locale and collection, the role groups and
    their permissions, which data migrations create) and its flush does not re-run post_migrate.
    Mixing serialized and plain transactional tests breaks the next one's restore."""
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    transactional = "transactional_db" in names or "live_server" in names
    kwargs = dict(marker.kwargs) if marker else {}
    if marker and (kwargs.get("transaction") or (marker.args and marker.args[0])):
        transactional = True
    if transactional:
        kwargs.update(transaction=True, serialized_rollback=True)
        item.add_marker(pytest.mark.django_db(**kwargs))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def home_page(db):
    from wagtail.models import Page, Site

    from tests.factories.courses import HomePageFactory

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    return home


@pytest.fixture
def catalog(home_page):
    from tests.factories.courses import CatalogPageFactory

    return CatalogPageFactory(parent=home_page)


def _ensure_wagtail_tree() -> None:
    """A transactional test ends with a flush that also removes the rows Wagtail's migrations
    created (the default locale and the root page). Put them back so the next transactional
    test starts from what a migrated database holds, whatever ran before it on this worker."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if not Page.objects.filter(depth=1).exists():
        # A flush may have recreated the content types under new ids (PostgreSQL keeps sequences);
        # only here, where rows are rebuilt, is the cache forgotten (elsewhere a cache miss would
        # create content types before the next serialized restore and make it clash).
        ContentType.objects.clear_cache()
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")


@pytest.fixture(autouse=True)
def _wagtail_tree_after_flush(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])))
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        transactional = True
    elif transactional:
        request.getfixturevalue("_django_db_helper")
    if transactional:
        _ensure_wagtail_tree()


@pytest.fixture(scope="session", autouse=True)
def _sqlite_live_server_one_request_at_a_time():
    """On SQLite the tests' database is in memory, and the live server's request threads share its
    one connection (Django's LiveServerThread). Two requests at once on it (a page and the
    admin's icon sprite, say) fail with "bad parameter or other API misuse" now and then, as a
    fresh-clone run of the browser tests did. The live server's application then handles one
    request at a time; connections are still accepted in parallel. PostgreSQL needs none of this."""
    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor != "sqlite":
        yield
        return
    lock = threading.Lock()
    original = LiveServerThread._create_server

    def one_at_a_time(app):
        def locked(environ, start_response):
            with lock:
                return app(environ, start_response)

        return locked

    def create_server(self, *args, **kwargs):
        server = original(self, *args, **kwargs)
        set_app = server.set_app
        server.set_app = lambda app: set_app(one_at_a_time(app))
        return server

    LiveServerThread._create_server = create_server
    yield
    LiveServerThread._create_server = original


# Playwright on Debian's Chromium at phone width (390 px). Defined here, once, so every test
# module on a worker shares one Playwright instance (a second one in the same process fails).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live_server):
    """A fresh 390×844 browser context whose relative URLs go to the live server."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached lookups live in the cache: every test starts without them."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
