import pytest

from tests.factories.org import StaffProfileFactory
from tests.factories.scenarios import ScenarioPageFactory


@pytest.fixture
def scenario(catalog):
    return ScenarioPageFactory()


@pytest.fixture
def trainee(db):
    return StaffProfileFactory().user
