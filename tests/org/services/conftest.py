import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whichever catalogues are compiled."""
    with translation.override("en"):
        yield
