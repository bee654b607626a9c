import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory

from core.models import AuditEvent
from core.personal_data import PersonalDataErased
from courses.models import CourseEnrolment, StepCompletion
from org.models import StaffProfile
from privacy.services import AlreadyErased, personal_data_erase

pytestmark = pytest.mark.django_db


def test_erasure_anonymises_the_person_and_marks_them_left_and_erased(world):
    profile = world.other_trainee
    personal_data_erase(actor=world.hr.user, profile=profile, left_at=dt.date(2026, 11, 1))
    profile.refresh_from_db()
    profile.user.refresh_from_db()
    assert profile.name == profile.employee_number == profile.user.username == f"erased-{profile.pk}"
    assert profile.phone == ""
    assert profile.left_at == dt.date(2026, 11, 1)
    assert profile.erased_at is not None
    assert not profile.user.is_active
    assert not profile.user.has_usable_password()
    assert not StaffProfile.objects.filter(name="李四").exists()


def test_learning_records_stay_for_statistics(world):
    personal_data_erase(actor=world.hr.user, profile=world.other_trainee)
    assert StepCompletion.objects.filter(user=world.other_trainee.user).count() == 1
    assert CourseEnrolment.objects.filter(user=world.other_trainee.user).count() == 1


def test_an_erased_person_can_no_longer_log_in_and_their_session_ends(world):
    client = Client()
    client.post("/accounts/login/", {"username": "trainee_b", "password": "pw-test-123"})
    assert client.get("/learning/").status_code == 200
    personal_data_erase(actor=world.hr.user, profile=world.other_trainee)
    assert client.get("/learning/").status_code == 302  # back to the login page
    assert authenticate(RequestFactory().post("/"), username="trainee_b", password="pw-test-123") is None
    for username in ("trainee_b", f"erased-{world.other_trainee.pk}"):
        again = Client()
        again.post("/accounts/login/", {"username": username, "password": "pw-test-123"})
        assert "_auth_user_id" not in again.session


def test_erasure_is_audited(world):
    personal_data_erase(actor=world.hr.user, profile=world.other_trainee)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_ERASE)
    assert event.actor == world.hr.user
    assert event.subject_user == world.other_trainee.user


def test_erasing_twice_is_refused(world):
    personal_data_erase(actor=world.hr.user, profile=world.other_trainee)
    with pytest.raises(AlreadyErased):
        personal_data_erase(actor=world.hr.user, profile=world.other_trainee)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_ERASE).count() == 1


def failing_erase_hook(event: PersonalDataErased) -> None:
    raise RuntimeError("quiz data could not be erased")


def test_if_an_app_fails_to_erase_its_data_nothing_is_erased(world, settings):
    key = "core.personal_data.PersonalDataErased"
    settings.LMS_EVENT_LISTENERS = {**settings.LMS_EVENT_LISTENERS, key: [f"{__name__}.failing_erase_hook"]}
    with pytest.raises(RuntimeError):
        personal_data_erase(actor=world.hr.user, profile=world.other_trainee)
    world.other_trainee.refresh_from_db()
    assert world.other_trainee.name == "李四"
    assert world.other_trainee.erased_at is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_ERASE).exists()
