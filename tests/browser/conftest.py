"""Browser tests: the `browser` and `phone` fixtures and `login` live in tests/conftest.py."""

from tests.conftest import login  # noqa: F401 - imported by browser test modules
