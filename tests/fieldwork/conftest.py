from tests.security.conftest import world  # noqa: F401 — the same small organisation
