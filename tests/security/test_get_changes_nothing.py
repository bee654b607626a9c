"""No GET changes state. Every URL pattern of the project (with sample arguments) and every page
of the Wagtail tree is requested with GET as each role, and after each request every row of every
table must be exactly as before.

A few tables are written by the framework on reads by design and are not domain state; each is
listed with its reason. Adding a URL to the project adds it to this walk automatically."""

import hashlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from tests.security.conftest import ROLES

pytestmark = pytest.mark.django_db

# Written by frameworks on a read, by design:
IGNORED_TABLES = {
    "lms_auditevent",  # the audit trail records views and exports of personal data by design
    "django_session",  # session data (e.g. a language choice, messages) — not domain state
    "wagtailusers_userprofile",  # Wagtail creates an admin user's preferences row on first visit
    "axes_accesslog",  # django-axes access log (logins only, listed for safety)
}
# Append-only logs a GET may add to but never change: views and exports of personal data are
# audited (core.services.audit_record), and an export is a GET download.
APPEND_ONLY_TABLES = {"lms_auditevent"}
# Admin URLs are walked as the roles that can enter the admin; for the others they redirect to login.
ADMIN_PREFIXES = ("admin/", "django-admin/")
SKIP_PATTERNS = {
    "accounts/logout/",  # POST only
    "admin/failwhale/",  # Wagtail's deliberate "test a server error" page
}


def table_digest() -> dict[str, str]:
    digests = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in IGNORED_TABLES or model._meta.proxy or not model._meta.managed:
                continue
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 — table names from the model registry
            rows = [repr(row) for row in cursor.fetchall()]
            if table in APPEND_ONLY_TABLES:
                digests[table] = rows
            else:
                digests[table] = hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()
    return digests


def changed_tables(before: dict, after: dict) -> list[str]:
    changed = []
    for table, old in before.items():
        new = after.get(table)
        if table in APPEND_ONLY_TABLES:
            if new[: len(old)] != old:  # an existing row changed or went away
                changed.append(table)
        elif new != old:
            changed.append(table)
    return sorted(changed)


def concrete(pattern: str, sample_id: int) -> str:
    """Turn a URL pattern into a path: converters and regex groups get a sample argument."""
    path = re.sub(r"<int:[^>]+>", str(sample_id), pattern)
    path = re.sub(r"<(?:str:)?(\w*(?:pk|id))>", str(sample_id), path)
    path = re.sub(r"<(?:str|slug|path|uuid)?:?[^>]+>", "x", path)
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "x", path)
    path = re.sub(r"\^|\$|\\", "", path)
    path = re.sub(r"\((\\d\+|\[\^/\]\+|\.\*)\)", "x", path)
    path = re.sub(r"\([^)]*\)\*?\??", "", path)
    path = path.replace("d+", str(sample_id))
    return "/" + path


def url_patterns(patterns=None, prefix=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def paths_for(role: str, world) -> list[str]:
    sample = world.lesson.pk
    paths = set()
    for pattern in url_patterns():
        if pattern in SKIP_PATTERNS or "wagtail_serve" in pattern:
            continue
        if pattern.startswith(ADMIN_PREFIXES) and role not in ("trainer", "hr"):
            continue
        paths.add(concrete(pattern, sample))
    paths.update(page.url for page in Page.objects.live().specific() if page.url)
    return sorted(paths)


@pytest.mark.parametrize("role", ROLES)
def test_no_get_request_changes_any_row(world, role):
    client = world.client(role, raise_request_exception=False)
    client.get("/")  # let the framework create its per-user rows once, outside the comparison
    changed = []
    statuses = {}
    for path in paths_for(role, world):
        before = table_digest()
        response = client.get(path)
        statuses[path] = response.status_code
        after = table_digest()
        diff = changed_tables(before, after)
        if diff:
            changed.append((path, diff))
    assert not changed, changed
    assert not [p for p, s in statuses.items() if s >= 500], statuses
    assert len(statuses) > 10
