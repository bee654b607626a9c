import pytest
from django.test import Client
from wagtail.models import APIToken

from tests.security.conftest import world  # noqa: F401 — the same small organisation


@pytest.fixture
def token_client():
    """A client that authenticates with a Bearer token of the given staff member, no cookies."""

    def make(profile) -> Client:
        _, raw = APIToken.create_token(user=profile.user, name="HR system")
        return Client(headers={"Authorization": f"Bearer {raw}"}, enforce_csrf_checks=True)

    return make
