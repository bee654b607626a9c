import contextlib
import json
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


# The test that last set up on this worker: named when a serialized test finds rows left over.
_previous_test: list[str] = []
_flushed: list[bool] = []  # a transactional test has run on this worker and flushed at its end


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a serialized transactional test restores the migrated rows, the database must be as
    the last flush left it: empty. If anything wrote rows outside a test's transaction since (a
    live-server request still running when its test ended, a thread of a plain test), the
    restore would fail on the first content type it inserts, and so would every serialized test
    after it on this worker (a failed restore skips the flush that cleans up), as one CI run on
    PostgreSQL did. The leftover rows are flushed, and a warning names them and the test before."""
    marker = item.get_closest_marker("django_db")
    # Before the first, the database is as migrated, and the restore updates its rows.
    if marker and marker.kwargs.get("serialized_rollback") and _flushed:
        _flush_leftover_rows(item)
    _previous_test[:] = [item.nodeid]


def _flush_leftover_rows(item) -> None:
    from django.core.management import call_command
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    if not hasattr(connection, "_test_serialized_contents"):
        return
    with item.config.stash[blocking_manager_key].unblock():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM django_content_type")
            if not cursor.fetchone()[0]:
                return
            filled = []
            for table in sorted(connection.introspection.django_table_names(only_existing=True)):
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                if count := cursor.fetchone()[0]:
                    filled.append(f"{table} ({count})")
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False)
        connection.close()
    _content_types_from_snapshot(connection)
    previous = _previous_test[0] if _previous_test else "none"
    item.warn(
        pytest.PytestWarning(
            f"rows were written outside any test's transaction after {previous} ended and were "
            f"flushed before {item.nodeid} restored the migrated rows: {', '.join(filled)}"
        )
    )


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
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)  # closest: before a decorator's


def _content_types_from_snapshot(connection) -> None:
    """The content types' cache, set to the ids the restore will insert. It may hold the
    leftover rows' ids, and it must not be empty either: the restore builds Wagtail's tasks,
    whose constructor looks up its content type, and a miss would insert the row before the
    restore reaches it (and clash again)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for row in json.loads(connection._test_serialized_contents):
        if row["model"] == "contenttypes.contenttype":
            content_type = ContentType(id=row["pk"], **row["fields"])
            ContentType.objects._add_to_cache(connection.alias, content_type)


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
    yield
    if transactional:
        _flushed[:] = [True]  # by the database fixture's teardown, which comes next
    if "live_server" in request.fixturenames:
        # The browser is closed by now; a request it had sent may still be running on the live
        # server. Let it end before the flush, or what it writes after the flush is left over.
        _live_requests.wait_idle(timeout=15)


class _LiveRequests:
    """The live server's requests in flight (its application is wrapped by the fixture below)."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self, app):
        def counted(environ, start_response):
            with self.changed:
                self.count += 1
            try:
                return app(environ, start_response)
            finally:
                with self.changed:
                    self.count -= 1
                    self.changed.notify_all()

        return counted

    def wait_idle(self, timeout: float) -> None:
        with self.changed:
            self.changed.wait_for(lambda: self.count == 0, timeout=timeout)


_live_requests = _LiveRequests()


@pytest.fixture(scope="session", autouse=True)
def _live_server_requests():
    """The live server's application counts its requests in flight (for the wait above). On
    SQLite it also handles one request at a time: the tests' database is in memory, and the live
    server's request threads share its one connection (Django's LiveServerThread). Two requests
    at once on it (a page and the admin's icon sprite, say) fail with "bad parameter or other API
    misuse" now and then, as a fresh-clone run of the browser tests did; connections are still
    accepted in parallel. PostgreSQL needs no lock."""
    from django.db import connection
    from django.test.testcases import LiveServerThread

    lock = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()
    original = LiveServerThread._create_server

    def one_at_a_time(app):
        def locked(environ, start_response):
            with lock:
                return app(environ, start_response)

        return locked

    def create_server(self, *args, **kwargs):
        server = original(self, *args, **kwargs)
        set_app = server.set_app
        server.set_app = lambda app: set_app(_live_requests(one_at_a_time(app)))
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
