"""HR admins manage people in the Wagtail admin; a role change there updates the login's groups."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from org.models import Role, StaffProfile
from org.services import staff_role_sync
from tests.factories.org import HRAdminFactory, ManagerFactory, SiteFactory, StaffProfileFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(db):
    profile = HRAdminFactory()
    staff_role_sync(profile=profile)
    return profile


def _edit_data(person, **changes):
    data = {
        "name": person.name,
        "phone": person.phone,
        "role": person.role,
        "site": person.site_id or "",
        "department": person.department_id or "",
        "post": person.post_id or "",
        "post_since": "",
        "manager": person.manager_id or "",
        "mentor": person.mentor_id or "",
        "hire_date": "",
        "left_at": "",
    }
    data.update(changes)
    return data


def test_hr_admin_lists_and_edits_staff_and_a_role_change_syncs_groups(client, hr):
    person = StaffProfileFactory(name="王小明")
    client.force_login(hr.user)
    assert "王小明" in client.get(reverse("wagtailsnippets_org_staffprofile:list")).content.decode()

    url = reverse("wagtailsnippets_org_staffprofile:edit", args=[person.pk])
    assert client.get(url).status_code == 200
    viewed = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_VIEW)
    assert (viewed.actor, viewed.subject_user) == (hr.user, person.user)
    response = client.post(url, _edit_data(person, role=Role.TRAINER))
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.role == Role.TRAINER
    assert {"Editors", "Moderators"} <= set(person.user.groups.values_list("name", flat=True))
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_CHANGE)
    assert event.subject_user == person.user and event.detail["fields"] == ["role"]


def test_making_someone_a_manager_with_a_scope_in_the_admin(client, hr):
    site = SiteFactory()
    person = StaffProfileFactory(site=site)
    client.force_login(hr.user)
    url = reverse("wagtailsnippets_org_staffprofile:edit", args=[person.pk])
    client.post(url, _edit_data(person, role=Role.MANAGER, managed_sites=[site.pk]))
    person.refresh_from_db()
    assert person.role == Role.MANAGER
    assert list(person.managed_sites.all()) == [site]


def test_a_manager_demoted_in_the_admin_loses_their_scope(client, hr):
    manager = ManagerFactory()
    client.force_login(hr.user)
    url = reverse("wagtailsnippets_org_staffprofile:edit", args=[manager.pk])
    client.post(url, _edit_data(manager, role=Role.TRAINEE, managed_sites=[manager.site_id]))
    manager.refresh_from_db()
    assert manager.role == Role.TRAINEE
    assert not manager.managed_sites.exists()


def test_department_of_another_site_is_refused(client, hr):
    from tests.factories.org import DepartmentFactory

    person = StaffProfileFactory()
    elsewhere = DepartmentFactory()
    client.force_login(hr.user)
    url = reverse("wagtailsnippets_org_staffprofile:edit", args=[person.pk])
    response = client.post(url, _edit_data(person, department=elsewhere.pk))
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.department is None


def test_no_one_adds_or_deletes_staff_in_the_admin(client, hr):
    person = StaffProfileFactory()
    client.force_login(hr.user)
    assert client.get(reverse("wagtailsnippets_org_staffprofile:add")).status_code in (302, 403)
    client.post(reverse("wagtailsnippets_org_staffprofile:delete", args=[person.pk]))
    assert StaffProfile.objects.filter(pk=person.pk).exists()


def test_hr_admin_manages_sites(client, hr):
    client.force_login(hr.user)
    assert client.get(reverse("wagtailsnippets_org_site:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_org_site:add")).status_code == 200


def test_trainers_cannot_reach_the_people_admin(client):
    trainer = TrainerFactory()
    staff_role_sync(profile=trainer)
    person = StaffProfileFactory()
    client.force_login(trainer.user)
    for url in (
        reverse("wagtailsnippets_org_staffprofile:list"),
        reverse("wagtailsnippets_org_staffprofile:edit", args=[person.pk]),
        reverse("wagtailsnippets_org_site:list"),
    ):
        assert client.get(url).status_code in (302, 403), url
