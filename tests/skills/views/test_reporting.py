"""The team dashboard is a report: its figures are read inside core.db_router.reporting(), so they
come from the read replica when one is configured (and may lag the primary by a moment)."""

from unittest import mock

import pytest
from django.urls import reverse

from core import db_router
from skills.selectors import dashboard_build

pytestmark = pytest.mark.django_db


def test_the_dashboard_is_built_inside_a_reporting_block(client, world):
    seen = []

    def spy(**kwargs):
        seen.append(db_router.in_reporting())
        return dashboard_build(**kwargs)

    client.force_login(world.manager_a.user)
    with mock.patch("skills.views.dashboard_build", side_effect=spy):
        assert client.get(reverse("skills:dashboard")).status_code == 200
    assert seen == [True] and not db_router.in_reporting()
