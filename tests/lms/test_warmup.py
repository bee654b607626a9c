"""A web process warms itself before its first request (lms/warmup.py)."""

import gc

import pytest
from django.conf import settings
from django.template import engines
from django.urls import clear_url_caches, get_resolver

from lms.warmup import process_warm


@pytest.fixture(autouse=True)
def _unfreeze():
    """process_warm freezes what it finds; this test process goes on, so it lets go again."""
    yield
    gc.unfreeze()


def test_process_warm_moves_what_it_loaded_out_of_the_collectors_reach():
    gc.unfreeze()
    process_warm()
    assert gc.get_freeze_count() > 10_000  # the imported framework, not a handful of objects


def test_process_warm_builds_the_reverse_lookup_of_every_language():
    clear_url_caches()  # as in a process that has resolved nothing yet
    process_warm()
    resolver = get_resolver()
    assert resolver._populated
    assert {code for code, _ in settings.LANGUAGES} <= set(resolver._reverse_dict)


def test_process_warm_needs_no_database():
    """No django_db mark: a query here would fail the test. A worker must start while the
    database is down (tests/faults)."""
    process_warm()


def test_process_warm_compiles_the_base_template():
    loader = engines["django"].engine.template_loaders[0]  # the cached loader, as in production
    loader.reset()
    process_warm()
    assert "base.html" in loader.get_template_cache
