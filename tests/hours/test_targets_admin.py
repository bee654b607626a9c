"""HR admins set each post's yearly learning-hours targets in the Wagtail admin (a snippet with the
HR admins group's model permissions); a manager cannot, and a second target for the same post and
subject area is refused by name."""

import pytest
from django.urls import reverse

from hours.models import HoursTarget
from org.services import staff_role_sync
from tests.factories.org import HRAdminFactory, ManagerFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(client):
    profile = HRAdminFactory()
    staff_role_sync(profile=profile)
    client.force_login(profile.user)
    return client


def test_hr_adds_a_target_in_the_admin_and_the_list_shows_it(hr):
    post = PostFactory()
    add_url = reverse("wagtailsnippets_hours_hourstarget:add")
    assert hr.get(add_url).status_code == 200
    response = hr.post(add_url, {"post": post.pk, "subject_area": "emergency", "hours_per_year": "24"})
    assert response.status_code == 302
    target = HoursTarget.objects.get()
    assert (target.post, target.subject_area, str(target.hours_per_year)) == (post, "emergency", "24.0")
    listing = hr.get(reverse("wagtailsnippets_hours_hourstarget:list")).content.decode()
    assert post.name in listing and reverse("wagtailsnippets_hours_hourstarget:edit", args=[target.pk]) in listing


def test_the_same_post_and_area_twice_is_refused(hr):
    post = PostFactory()
    HoursTarget.objects.create(post=post, subject_area="", hours_per_year=40)
    response = hr.post(
        reverse("wagtailsnippets_hours_hourstarget:add"), {"post": post.pk, "subject_area": "", "hours_per_year": "30"}
    )
    assert response.status_code == 200
    assert HoursTarget.objects.get().hours_per_year == 40


def test_a_manager_cannot_open_the_targets(client):
    manager = ManagerFactory()
    staff_role_sync(profile=manager)
    client.force_login(manager.user)
    response = client.get(reverse("wagtailsnippets_hours_hourstarget:list"))
    assert response.status_code in (302, 403)
