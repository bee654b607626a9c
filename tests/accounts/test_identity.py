"""Signing in with a login name, an employee number or a mobile number, and the lockout counting
failures per person whichever name was typed."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from accounts.identity import axes_username, phone_normalise, user_for_identifier
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-test-123"  # tests.factories.org.UserFactory's


def _request():
    request = RequestFactory().post("/accounts/login/")
    request.META["REMOTE_ADDR"] = "10.0.0.1"
    return request


@pytest.fixture
def person():
    return StaffProfileFactory(user__username="zhouming", employee_number="YG900", phone="13912345678")


@pytest.mark.parametrize("name", ["zhouming", "YG900", "yg900", "13912345678", "139 1234 5678", "+86 139-1234-5678"])
def test_any_of_a_persons_names_signs_them_in(person, name):
    assert authenticate(_request(), username=name, password=PASSWORD) == person.user


def test_a_wrong_password_signs_nobody_in_whichever_name(person):
    for name in ("zhouming", "YG900", "13912345678"):
        assert authenticate(_request(), username=name, password="wrong-password") is None


def test_a_mobile_number_several_people_share_signs_nobody_in(person):
    StaffProfileFactory(phone="13912345678")
    assert user_for_identifier("13912345678") is None
    assert authenticate(_request(), username="13912345678", password=PASSWORD) is None
    assert authenticate(_request(), username="YG900", password=PASSWORD) == person.user


def test_a_leaver_sharing_the_number_does_not_block_the_current_holder(person):
    StaffProfileFactory(phone="13912345678", left_at="2025-01-01")
    assert user_for_identifier("13912345678") == person.user


def test_an_inactive_login_cannot_sign_in(person):
    person.user.is_active = False
    person.user.save()
    assert authenticate(_request(), username="YG900", password=PASSWORD) is None


def test_phone_numbers_are_read_in_the_usual_spellings():
    assert {phone_normalise(t) for t in ("13912345678", "139 1234 5678", "+8613912345678", "0086 139-1234-5678")} == {
        "13912345678"
    }


def test_the_lockout_counts_a_person_once_whichever_name_was_typed(person):
    names = {axes_username(_request(), {"username": n}) for n in ("YG900", "yg900", "13912345678", "zhouming")}
    assert names == {"zhouming"}
    assert axes_username(_request(), {"username": "  Nobody "}) == "nobody"


def test_five_failures_by_employee_number_lock_out_the_mobile_number_too(person, client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        client.post("/accounts/login/", {"username": "YG900", "password": "wrong-password"})
    response = client.post("/accounts/login/", {"username": "13912345678", "password": PASSWORD})
    assert not response.wsgi_request.user.is_authenticated
    assert "_auth_user_id" not in client.session


def test_the_login_page_says_how_to_sign_in_and_links_first_sign_in_and_recovery(client):
    page = client.get("/accounts/login/").content.decode()
    assert "Employee number or mobile number" in page
    assert 'href="/accounts/activate/"' in page
    assert 'href="/accounts/recover/"' in page


def test_signing_in_with_a_mobile_number_through_the_login_page(person, client):
    response = client.post("/accounts/login/", {"username": "139 1234 5678", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.user.pk)
    assert client.session["_auth_user_backend"] == "accounts.backends.StaffIdentifierBackend"
