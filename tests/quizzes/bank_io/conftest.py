import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Error locations are asserted in English; the UI shows them in Chinese."""
    with translation.override("en"):
        yield
