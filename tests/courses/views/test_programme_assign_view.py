import pytest
from django.urls import reverse

from courses.models import ProgrammeAssignment
from courses.services import programme_assign
from tests.factories.courses import CoursePageFactory, ProgrammeCourseFactory
from tests.factories.org import (
    HRAdminFactory,
    ManagerFactory,
    SiteFactory,
    StaffProfileFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db
URL = "/learning/assign/"


@pytest.fixture
def programme(catalog):
    return ProgrammeCourseFactory(course=CoursePageFactory(parent=catalog)).programme


@pytest.fixture
def sites():
    return SiteFactory(code="YG", name="阳光花园"), SiteFactory(code="CH", name="翠湖苑")


def test_trainees_and_trainers_cannot_open_the_page(client, programme):
    for profile in (StaffProfileFactory(), TrainerFactory()):
        client.force_login(profile.user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"programme": programme.pk, "staff": [profile.pk]}).status_code == 403
    assert not ProgrammeAssignment.objects.exists()


def test_a_manager_is_offered_only_their_own_sites_staff(client, programme, sites):
    yg, ch = sites
    manager = ManagerFactory(site=yg, managed_sites=[yg])
    mine = StaffProfileFactory(site=yg, name="本项目员工")
    StaffProfileFactory(site=ch, name="别的项目员工")
    client.force_login(manager.user)
    html = client.get(URL).content.decode()
    assert "本项目员工" in html
    assert "别的项目员工" not in html
    assert f'value="{mine.pk}"' in html


def test_a_manager_assigns_a_programme_with_a_due_date_to_their_staff(client, programme, sites):
    yg, _ = sites
    manager = ManagerFactory(site=yg, managed_sites=[yg])
    staff = [StaffProfileFactory(site=yg) for _ in range(2)]
    client.force_login(manager.user)
    response = client.post(
        URL, {"programme": programme.pk, "staff": [p.pk for p in staff], "due_date": "2026-12-31"}, follow=True
    )
    assert response.status_code == 200
    assignments = ProgrammeAssignment.objects.filter(programme=programme)
    assert {a.user_id for a in assignments} == {p.user_id for p in staff}
    assert {str(a.due_date) for a in assignments} == {"2026-12-31"}
    assert {a.assigned_by_id for a in assignments} == {manager.user_id}


def test_a_crafted_post_naming_another_sites_staff_is_refused_as_a_whole(client, programme, sites):
    yg, ch = sites
    manager = ManagerFactory(site=yg, managed_sites=[yg])
    mine, theirs = StaffProfileFactory(site=yg), StaffProfileFactory(site=ch)
    client.force_login(manager.user)
    response = client.post(URL, {"programme": programme.pk, "staff": [mine.pk, theirs.pk]})
    assert response.status_code == 403
    response = client.post(URL, {"programme": programme.pk, "staff": [theirs.pk]})
    assert response.status_code == 403
    response = client.post(URL, {"programme": programme.pk, "staff": ["1 OR 1=1"]})
    assert response.status_code == 403
    assert not ProgrammeAssignment.objects.exists()


def test_a_manager_cannot_assign_to_themselves_or_other_managers_scope(client, programme, sites):
    yg, ch = sites
    manager = ManagerFactory(site=yg, managed_sites=[yg])
    other_manager = ManagerFactory(site=ch, managed_sites=[ch])
    client.force_login(manager.user)
    assert client.post(URL, {"programme": programme.pk, "staff": [manager.pk]}).status_code == 403
    assert client.post(URL, {"programme": programme.pk, "staff": [other_manager.pk]}).status_code == 403
    assert not ProgrammeAssignment.objects.exists()


def test_hr_admins_assign_to_anyone(client, programme, sites):
    yg, ch = sites
    hr = HRAdminFactory(site=yg)
    people = [StaffProfileFactory(site=yg), StaffProfileFactory(site=ch)]
    client.force_login(hr.user)
    client.post(URL, {"programme": programme.pk, "staff": [p.pk for p in people]})
    assert ProgrammeAssignment.objects.filter(programme=programme).count() == 2


def test_assigning_again_keeps_the_existing_due_date(client, programme, sites):
    yg, _ = sites
    hr = HRAdminFactory(site=yg)
    person = StaffProfileFactory(site=yg)
    import datetime as dt

    programme_assign(programme=programme, user=person.user, due_date=dt.date(2026, 12, 1))
    client.force_login(hr.user)
    client.post(URL, {"programme": programme.pk, "staff": [person.pk], "due_date": "2027-06-01"})
    assert str(ProgrammeAssignment.objects.get(user=person.user).due_date) == "2026-12-01"


def test_a_get_request_assigns_nothing(client, programme, sites):
    hr = HRAdminFactory(site=sites[0])
    person = StaffProfileFactory(site=sites[0])
    client.force_login(hr.user)
    client.get(URL, {"programme": programme.pk, "staff": [person.pk]})
    assert not ProgrammeAssignment.objects.exists()


def test_the_assign_page_takes_a_constant_number_of_queries(client, programme, sites, count_queries):
    yg, ch = sites
    manager = ManagerFactory(site=yg, managed_sites=[yg])
    StaffProfileFactory(site=yg)
    client.force_login(manager.user)
    few = count_queries(client, URL)
    for _ in range(25):
        StaffProfileFactory(site=yg)
        StaffProfileFactory(site=ch)
    for _ in range(3):
        ProgrammeCourseFactory(course=CoursePageFactory(parent=programme.programme_courses.first().course.get_parent()))
    assert count_queries(client, URL) == few


def test_the_nav_links_to_the_assign_page_for_managers_only(client, sites):
    manager = ManagerFactory(site=sites[0], managed_sites=[sites[0]])
    client.force_login(manager.user)
    assert reverse("courses:programme_assign") in client.get("/learning/").content.decode()
    client.force_login(StaffProfileFactory().user)
    assert reverse("courses:programme_assign") not in client.get("/learning/").content.decode()
