import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def count_queries():
    """Queries one GET takes, after a warm-up request (Wagtail caches the site's root paths and
    Django the content types, so the first request of a test does a few more)."""

    def count(client, url: str) -> int:
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx)

    return count
