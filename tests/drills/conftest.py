import pytest

from tests.drills.helpers import drill_world


@pytest.fixture
def dw(db):
    return drill_world()
