"""Listing pages cost the same number of queries however many rows they list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skills.models import EvidenceKind, PersonalGoal
from skills.services import evidence_record
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_evidence(user, n):
    for i in range(n):
        evidence_record(
            user=user, kind=EvidenceKind.PRACTICAL, title=f"考核{i}", source_type="t", passed=True, recommend=False
        )


def test_person_page_does_not_grow_with_evidence(client, world):
    client.force_login(world.manager_a.user)
    url = reverse("skills:person", args=[world.trainee_a.user_id])
    before = count(client, url)
    add_evidence(world.trainee_a.user, 15)
    assert count(client, url) <= before


def test_my_skills_page_does_not_grow_with_evidence_or_goals(client, world):
    client.force_login(world.trainee_a.user)
    url = reverse("skills:mine")
    before = count(client, url)
    add_evidence(world.trainee_a.user, 10)
    for i in range(5):
        PersonalGoal.objects.create(user=world.trainee_a.user, horizon="1-3", text=f"目标{i}")
    assert count(client, url) <= before


def test_course_report_does_not_grow_with_people(client, world):
    from tests.factories.skills_world import complete

    client.force_login(world.manager_a.user)
    url = reverse("skills:course_report", args=[world.course.pk])
    before = count(client, url)
    for _ in range(5):
        complete(StaffProfileFactory(site=world.trainee_a.site, post=world.trainee_a.post), world.course)
    assert count(client, url) <= before


def test_promotions_list_does_not_grow(client, world):
    from tests.factories.skills import LevelCriterionFactory  # noqa: F401

    client.force_login(world.manager_a.user)
    url = reverse("skills:promotions")
    before = count(client, url)
    for _ in range(4):
        profile = StaffProfileFactory(
            site=world.trainee_a.site, post=world.trainee_a.post, post_since=world.trainee_a.post_since
        )
        add_evidence(profile.user, 1)
        from skills.services import skill_level_recommend

        skill_level_recommend(user=profile.user)
    html = client.get(url).content.decode()
    assert html.count("/skills/team/people/") >= 5
    assert count(client, url) <= before


def test_exports_list_does_not_grow(client, world):
    from skills.models import DashboardExport
    from tests.factories.skills import DashboardExportFactory

    client.force_login(world.manager_a.user)
    url = reverse("skills:exports")
    DashboardExportFactory(requested_by=world.manager_a.user)
    before = count(client, url)
    for status in [DashboardExport.Status.READY, DashboardExport.Status.FAILED, DashboardExport.Status.QUEUED] * 3:
        DashboardExportFactory(requested_by=world.manager_a.user, status=status, filters={"site": "1"})
    assert count(client, url) <= before
