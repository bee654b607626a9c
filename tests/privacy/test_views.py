import io
import zipfile

import pytest
from django.urls import reverse

from core.models import AuditEvent
from core.services import audit_record
from tests.factories.org import StaffProfileFactory
from tests.security.conftest import ROLES

pytestmark = pytest.mark.django_db
NOT_HR = [r for r in ROLES if r not in ("hr", "anonymous")]


@pytest.mark.parametrize("role", NOT_HR)
def test_only_hr_reaches_the_privacy_pages(world, role):
    client = world.client(role)
    profile_id = world.trainee.pk
    assert client.get(reverse("privacy:home")).status_code == 403
    assert client.get(reverse("privacy:staff", args=[profile_id])).status_code == 403
    assert client.get(reverse("privacy:audit_log")).status_code == 403
    assert client.post(reverse("privacy:export", args=[profile_id])).status_code == 403
    response = client.post(
        reverse("privacy:staff", args=[profile_id]), {"confirm_employee_number": world.trainee.employee_number}
    )
    assert response.status_code == 403
    world.trainee.refresh_from_db()
    assert world.trainee.erased_at is None
    assert not AuditEvent.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(world):
    response = world.client("anonymous").get(reverse("privacy:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_hr_finds_a_person_by_employee_number_or_name(world):
    client = world.client("hr")
    by_number = client.get(reverse("privacy:home"), {"q": world.trainee.employee_number})
    assert "王小明" in by_number.content.decode()
    by_name = client.get(reverse("privacy:home"), {"q": "黄"})
    assert "黄丽" in by_name.content.decode() and "王小明" not in by_name.content.decode()


def test_hr_exports_as_a_zip_download_by_post(world):
    client = world.client("hr")
    assert client.get(reverse("privacy:export", args=[world.trainee.pk])).status_code == 405
    response = client.post(reverse("privacy:export", args=[world.trainee.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "王小明" in archive.read("personal-data.json").decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_EXPORT, actor=world.hr.user).count() == 1


def test_erasure_needs_the_employee_number_typed_again(world):
    client = world.client("hr")
    url = reverse("privacy:staff", args=[world.trainee.pk])
    response = client.post(url, {"confirm_employee_number": "wrong"})
    assert response.status_code == 200
    world.trainee.refresh_from_db()
    assert world.trainee.erased_at is None
    response = client.post(url, {"confirm_employee_number": world.trainee.employee_number, "left_at": "2026-11-20"})
    assert response.status_code == 302
    world.trainee.refresh_from_db()
    assert world.trainee.erased_at is not None
    assert str(world.trainee.left_at) == "2026-11-20"


def test_the_audit_log_shows_events_and_filters_by_action(world):
    audit_record(
        actor=world.hr.user, action=AuditEvent.Action.PERSONAL_VIEW, obj=world.trainee, subject_user=world.trainee.user
    )
    audit_record(actor=world.trainer.user, action=AuditEvent.Action.GRADE_CHANGE, subject_user=world.other_trainee.user)
    client = world.client("hr")
    page = client.get(reverse("privacy:audit_log")).content.decode()
    assert "王小明" in page and "李四" in page
    filtered = client.get(reverse("privacy:audit_log"), {"action": "grade_change"}).content.decode()
    assert "李四" in filtered and "王小明" not in filtered


def test_the_audit_log_query_count_does_not_grow_with_events(world, django_assert_max_num_queries):
    client = world.client("hr")
    url = reverse("privacy:audit_log")

    def add_events(n):
        for _ in range(n):
            person = StaffProfileFactory()
            audit_record(
                actor=world.hr.user, action=AuditEvent.Action.PERSONAL_VIEW, obj=person, subject_user=person.user
            )

    add_events(2)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    add_events(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_staff_search_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = world.client("hr")
    for _ in range(3):
        StaffProfileFactory(name="赵一")
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("privacy:home"), {"q": "赵"})
    for _ in range(20):
        StaffProfileFactory(name="赵二")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("privacy:home"), {"q": "赵"})


def test_the_erasure_form_says_what_will_happen_before_asking_for_the_number(world):
    html = world.client("hr").get(reverse("privacy:staff", args=[world.trainee.pk])).content.decode()
    assert "cannot be undone" in html and "withdrawn" in html
    assert 'name="confirm_employee_number"' in html
