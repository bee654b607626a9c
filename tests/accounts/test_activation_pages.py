"""A new person's first sign-in on the public pages: code, their own name, a password under the
policy, signed in and on their learning. Guessing is rate-limited."""

import pytest

from accounts.services import activation_issue
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Ziji-de-mima-2025"


@pytest.fixture
def issued(newcomer, hr):
    return activation_issue(profile=newcomer, actor=hr.user)


def test_the_qr_address_fills_the_code_without_sending_it_to_the_server(client, issued):
    page = client.get("/accounts/activate/").content.decode()
    assert 'src="/static/accounts/activate.js"' in page
    # An explicit ?code= (typed links) is filled in on the server.
    assert (
        f'value="{issued.display_code}"'
        in client.get(f"/accounts/activate/?code={issued.display_code}").content.decode()
    )


def test_a_person_activates_and_lands_on_their_learning_signed_in(client, issued, newcomer):
    response = client.post("/accounts/activate/", {"code": issued.display_code.lower()})
    assert response.status_code == 302 and response["Location"] == "/accounts/activate/password/"
    page = client.get("/accounts/activate/password/").content.decode()
    assert "周明" in page and "YG900" in page
    response = client.post(
        "/accounts/activate/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/learning/"
    assert client.session["_auth_user_id"] == str(newcomer.user.pk)
    newcomer.user.refresh_from_db()
    assert newcomer.user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("password", ["12345678", "password", "zhou", "YG900yg9"])
def test_the_password_policy_applies(client, issued, newcomer, password):
    client.post("/accounts/activate/", {"code": issued.code})
    response = client.post("/accounts/activate/password/", {"new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    newcomer.user.refresh_from_db()
    assert not newcomer.user.has_usable_password()


def test_a_used_code_does_not_work_again(client, issued):
    client.post("/accounts/activate/", {"code": issued.code})
    client.post("/accounts/activate/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()
    response = client.post("/accounts/activate/", {"code": issued.code})
    assert response.status_code == 200
    assert "does not work" in response.content.decode()


def test_the_password_step_needs_a_valid_code_first(client, db):
    response = client.get("/accounts/activate/password/")
    assert response.status_code == 302 and response["Location"] == "/accounts/activate/"


def test_guessing_codes_is_rate_limited_per_address(client, issued, settings):
    settings.ACCOUNTS_RATES = {"activation": (3, 900)}
    for _ in range(3):
        assert client.post("/accounts/activate/", {"code": "ABCD-EFGH"}).status_code == 200
    response = client.post("/accounts/activate/", {"code": issued.code})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "accounts:activation" not in client.session


def test_a_get_changes_nothing(client, issued):
    client.get(f"/accounts/activate/?code={issued.code}")
    issued.activation.refresh_from_db()
    assert issued.activation.used_at is None


def test_a_class_activating_on_one_network_is_not_limited(client, hr, settings):
    """Right codes do not count: an induction class shares the site's Wi-Fi address."""
    settings.ACCOUNTS_RATES = {"activation": (2, 900)}
    for number in range(4):
        person = StaffProfileFactory(employee_number=f"NEW{number}")
        issued = activation_issue(profile=person, actor=hr.user)
        response = client.post("/accounts/activate/", {"code": issued.code})
        assert response.status_code == 302, number
