"""Browser tests: the `browser` and `phone` fixtures live in tests/conftest.py (the browser XSS
tests in tests/security use them too); signing in is tests.browser.helpers.login."""
