"""Browser tests: the `browser` and `phone` fixtures live in tests/conftest.py (the browser XSS
tests in tests/security use them too); signing in is tests.browser.helpers.login."""

import pytest


@pytest.fixture
def full_demo(transactional_db):
    """The whole demo, built as `make run` builds it, for the walks over every page. The base data
    first: another transactional test's flush may have taken what the migrations put there (the
    role groups' rights, Wagtail's root)."""
    from lms.demo import demo_build
    from tests.courses.wagtail_base import base_data

    base_data()
    demo_build()
