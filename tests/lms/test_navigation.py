"""The navigation is drawn from one table (lms.navigation): each role sees its entries, and the
header shows exactly those."""

import pytest
from django.urls import reverse

from lms.navigation import NAVIGATION, navigation_current, navigation_for
from org.models import Role
from tests.factories.org import StaffProfileFactory

EXPECTED = {
    Role.TRAINEE: ["courses:my_learning", "skills:mine", "quizzes:my_results", "certificates:mine"],
    Role.MANAGER: [
        "courses:my_learning",
        "skills:dashboard",
        "people:staff_list",
        "hours:report",
        "courses:programme_assign",
        "quizzes:my_results",
        "scenarios:list",
        "drills:list",
        "certificates:team",
    ],
    Role.TRAINER: [
        "courses:my_learning",
        "wagtailadmin_home",
        "quizzes:my_results",
        "quizzes:marking",
        "scenarios:list",
        "certificates:team",
    ],
    Role.HR_ADMIN: [
        "courses:my_learning",
        "skills:dashboard",
        "people:staff_list",
        "hours:report",
        "courses:programme_assign",
        "wagtailadmin_home",
        "quizzes:my_results",
        "quizzes:marking",
        "scenarios:list",
        "drills:list",
        "certificates:team",
        "privacy:home",
        "notifications:delivery",
    ],
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_its_entries_in_order(role):
    assert [url for url, _label in navigation_for(role)] == [reverse(name) for name in EXPECTED[role]]


def test_every_entry_reaches_someone_and_every_role_has_entries():
    roles = {role for entry in NAVIGATION for role in entry.roles}
    assert set(Role.values) <= roles
    assert all(entry.roles for entry in NAVIGATION)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.TRAINEE, Role.MANAGER])
def test_the_header_shows_the_roles_entries_and_no_other(client, role):
    profile = StaffProfileFactory(role=role)
    client.force_login(profile.user)
    html = client.get(reverse("courses:my_learning")).content.decode()
    nav = html[html.index('<nav class="tabs"') : html.index("</nav>")]
    shown = {entry.url_name for entry in NAVIGATION if f'href="{reverse(entry.url_name)}"' in nav}
    assert shown == set(EXPECTED[role])


def test_the_current_entry_is_the_longest_matching_address():
    entries = navigation_for(Role.HR_ADMIN)
    assert navigation_current(entries, reverse("skills:dashboard") + "people/3/")[0] == reverse("skills:dashboard")
    assert navigation_current(entries, reverse("courses:programme_assign"))[0] == reverse("courses:programme_assign")
    assert navigation_current(entries, "/courses/culture/") is None


@pytest.mark.django_db
def test_the_menu_is_a_disclosure_that_names_and_marks_the_current_entry(client):
    profile = StaffProfileFactory(role=Role.MANAGER)
    client.force_login(profile.user)
    html = client.get(reverse("people:staff_list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    nav = html[html.index('<nav class="tabs"') : html.index("</nav>")]
    assert '<details class="menu" id="main-menu">' in nav and "<summary>" in nav
    assert '<span class="menu-here">员工</span>' in nav
    assert f'<a href="{reverse("people:staff_list")}" aria-current="page">' in nav
    assert nav.count('aria-current="page"') == 1
