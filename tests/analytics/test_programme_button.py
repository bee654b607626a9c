"""The programmes' listing in the Wagtail admin links each programme to its analytics for trainers
and HR; a manager who could open the listing sees no such link."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from analytics.wagtail_hooks import analytics_programme_button
from org.models import Role
from org.services import staff_upsert
from tests.factories.courses import ProgrammeFactory
from tests.factories.org import SiteFactory

pytestmark = pytest.mark.django_db


def person(role: str, number: str):
    profile, _ = staff_upsert(employee_number=number, name=number, role=role, site=SiteFactory(), password="pw-1")
    return profile.user


@pytest.mark.parametrize("role", [Role.TRAINER, Role.HR_ADMIN])
def test_trainers_and_hr_see_the_programme_analytics_link_in_the_listing(client, role):
    programme = ProgrammeFactory(name="新员工培训计划")
    client.force_login(person(role, "A1"))
    page = client.get(reverse("wagtailsnippets_courses_programme:list")).content.decode()
    assert reverse("analytics:programme", args=[programme.pk]) in page
    assert "Programme analytics" in page or "培训计划分析" in page


def test_a_manager_sees_no_programme_analytics_link(client):
    programme = ProgrammeFactory(name="新员工培训计划")
    manager = person(Role.MANAGER, "M1")
    # Let the manager reach the listing, so that only the button's own rule keeps the link away.
    manager.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_programme")
    )
    client.force_login(manager)
    response = client.get(reverse("wagtailsnippets_courses_programme:list"))
    assert response.status_code == 200 and "新员工培训计划" in response.content.decode()
    assert reverse("analytics:programme", args=[programme.pk]) not in response.content.decode()
    assert list(analytics_programme_button(programme, manager)) == []
