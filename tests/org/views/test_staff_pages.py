"""Permission boundaries of the people pages: a manager sees their own sites' staff only, in the
list, every filter, the search, the detail page and the export; trainees see none of it."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEvent
from courses.models import CourseEnrolment
from tests.factories.courses import CoursePageFactory
from tests.factories.org import (
    DepartmentFactory,
    HRAdminFactory,
    ManagerFactory,
    PostFactory,
    SiteFactory,
    StaffProfileFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    yg, ch = SiteFactory(code="YG", name="阳光花园"), SiteFactory(code="CH", name="翠湖苑")
    kefu = PostFactory(code="kefu")
    yg_dept, ch_dept = DepartmentFactory(site=yg, name="客服部"), DepartmentFactory(site=ch, name="客服部")
    return {
        "yg": yg,
        "ch": ch,
        "kefu": kefu,
        "ch_dept": ch_dept,
        "manager": ManagerFactory(site=yg, name="陈经理", managed_sites=[yg]),
        "mine": StaffProfileFactory(site=yg, department=yg_dept, post=kefu, name="王小明", phone="13912345678"),
        "theirs": StaffProfileFactory(site=ch, department=ch_dept, post=kefu, name="黄丽", phone="13987654321"),
        "hr": HRAdminFactory(site=yg),
    }


def _names(response):
    return [p.name for p in response.context["page"]]


def test_manager_lists_only_their_own_sites_staff(client, world):
    client.force_login(world["manager"].user)
    response = client.get(reverse("people:staff_list"))
    assert response.status_code == 200
    assert "王小明" in _names(response)
    assert "黄丽" not in _names(response)
    assert "黄丽" not in response.content.decode()


def test_manager_filtering_by_another_sites_id_gets_nobody(client, world):
    client.force_login(world["manager"].user)
    for params in ({"site": world["ch"].pk}, {"department": world["ch_dept"].pk}, {"site": "not-a-number"}):
        response = client.get(reverse("people:staff_list"), params)
        assert _names(response) == [], params
        assert "黄丽" not in response.content.decode()


def test_manager_searching_another_sites_person_gets_nobody(client, world):
    client.force_login(world["manager"].user)
    for q in ("黄丽", world["theirs"].employee_number, "13987654321"):
        assert _names(client.get(reverse("people:staff_list"), {"q": q})) == []
    assert _names(client.get(reverse("people:staff_list"), {"q": "王小"})) == ["王小明"]


def test_manager_cannot_open_another_sites_person(client, world):
    client.force_login(world["manager"].user)
    assert client.get(reverse("people:staff_detail", args=[world["theirs"].pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_VIEW).exists()


def test_manager_export_holds_only_their_staff_with_masked_phones(client, world):
    client.force_login(world["manager"].user)
    for params in ({}, {"site": world["ch"].pk}, {"q": "黄丽"}):
        response = client.get(reverse("people:staff_export"), params)
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        names = {row[1] for row in rows}
        assert "黄丽" not in names
        if not params:
            assert "王小明" in names
            mine = next(row for row in rows if row[1] == "王小明")
            assert mine[2] == "139****5678"
    events = AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_EXPORT, actor=world["manager"].user)
    assert events.count() == 3
    assert "139" not in str(list(events.values_list("detail", flat=True)))


def test_hr_sees_everyone_with_full_phones_and_can_search_by_phone(client, world):
    client.force_login(world["hr"].user)
    response = client.get(reverse("people:staff_list"))
    assert {"王小明", "黄丽"} <= set(_names(response))
    assert "13987654321" in response.content.decode()
    assert _names(client.get(reverse("people:staff_list"), {"q": "13987654321"})) == ["黄丽"]
    assert _names(client.get(reverse("people:staff_list"), {"site": world["ch"].pk})) == ["黄丽"]


def test_manager_sees_masked_phones(client, world):
    client.force_login(world["manager"].user)
    content = client.get(reverse("people:staff_list")).content.decode()
    assert "139****5678" in content
    assert "13912345678" not in content


def test_detail_shows_courses_and_progress_and_is_audited(client, world, catalog):
    course = CoursePageFactory(parent=catalog, title="投诉处理与沟通技巧")
    CourseEnrolment.objects.create(user=world["mine"].user, course=course, progress_percent=40)
    client.force_login(world["manager"].user)
    response = client.get(reverse("people:staff_detail", args=[world["mine"].pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "投诉处理与沟通技巧" in content and "40%" in content
    assert "139****5678" in content and "13912345678" not in content
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_VIEW)
    assert (event.actor, event.subject_user) == (world["manager"].user, world["mine"].user)


@pytest.mark.parametrize(
    "url_name", ["people:staff_list", "people:staff_export", "people:roster_upload", "people:roster_template"]
)
def test_trainees_and_trainers_are_refused(client, world, url_name):
    for person in (world["mine"], TrainerFactory()):
        client.force_login(person.user)
        assert client.get(reverse(url_name)).status_code == 403


def test_trainee_cannot_open_another_trainees_profile(client, world):
    other = StaffProfileFactory(site=world["yg"])
    client.force_login(world["mine"].user)
    assert client.get(reverse("people:staff_detail", args=[other.pk])).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("people:staff_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_manager_with_a_department_scope_sees_that_department_only(client, world):
    boss = ManagerFactory(site=world["ch"], managed_sites=[])
    boss.managed_departments.set([world["ch_dept"]])
    outside = StaffProfileFactory(site=world["ch"], name="外人")
    client.force_login(boss.user)
    names = _names(client.get(reverse("people:staff_list")))
    assert "黄丽" in names and "外人" not in names
    assert client.get(reverse("people:staff_detail", args=[outside.pk])).status_code == 404


def test_staff_list_takes_the_same_number_of_queries_however_many_staff(
    client, world, catalog, django_assert_num_queries
):
    client.force_login(world["manager"].user)
    url = reverse("people:staff_list")
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    course = CoursePageFactory(parent=catalog)
    for _ in range(30):
        person = StaffProfileFactory(site=world["yg"], post=world["kefu"], department=world["mine"].department)
        CourseEnrolment.objects.create(user=person.user, course=course)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 25


def test_export_takes_the_same_number_of_queries_however_many_staff(client, world, django_assert_num_queries):
    client.force_login(world["hr"].user)
    url = reverse("people:staff_export")
    client.get(url)  # warm caches (the request's Site is cached after the first request)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        StaffProfileFactory(site=world["ch"], manager=world["manager"], mentor=world["mine"])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_post_and_department_filters_narrow_the_list(client, world):
    other_post = PostFactory(code="anbao")
    guard = StaffProfileFactory(site=world["yg"], post=other_post, name="刘勇")
    client.force_login(world["manager"].user)
    assert _names(client.get(reverse("people:staff_list"), {"post": other_post.pk})) == [guard.name]
    department = world["mine"].department
    assert _names(client.get(reverse("people:staff_list"), {"department": department.pk})) == ["王小明"]


def test_profile_page_queries_do_not_grow_with_enrolments(client, world, catalog, django_assert_num_queries):
    client.force_login(world["hr"].user)
    url = reverse("people:staff_detail", args=[world["mine"].pk])
    CourseEnrolment.objects.create(user=world["mine"].user, course=CoursePageFactory(parent=catalog))
    client.get(url)  # warm caches (the request's Site is cached after the first request)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        CourseEnrolment.objects.create(user=world["mine"].user, course=CoursePageFactory(parent=catalog))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["learning"].other_enrolments) == 6


def test_the_list_shows_each_persons_course_completion(client, world, catalog):
    from django.utils import timezone

    done, todo = CoursePageFactory(parent=catalog), CoursePageFactory(parent=catalog)
    CourseEnrolment.objects.create(user=world["mine"].user, course=done, completed_at=timezone.now())
    CourseEnrolment.objects.create(user=world["mine"].user, course=todo)
    client.force_login(world["manager"].user)
    person = next(p for p in client.get(reverse("people:staff_list")).context["page"] if p.name == "王小明")
    assert (person.courses_completed, person.courses_enrolled) == (1, 2)
