"""The permission matrix: every role × every page and API endpoint that shows or changes an object
× each verb, with the expected answer. One row per endpoint and verb; the roles are
tests.security.conftest.ROLES (anonymous, a trainee, another trainee of the same site, a trainer,
the manager of their site, the manager of another site, an HR admin).

To add an app's endpoint, append a Row: a name, the verb, a function from the `world` fixture to
the URL, optional form/JSON data, and the expected answer for each role (use `expect(...)` with a
default and the exceptions). The roles run in ROLES order within one world, HR last, so a row
whose allowed request changes state (an erasure) runs it after every refusal was checked."""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from tests.security.conftest import ROLES

pytestmark = pytest.mark.django_db

# Expected answers
OK = "200"
DONE = "302 elsewhere"  # a write that redirects to its result
LOGIN = "302 to login"  # anonymous on a page
ADMIN_LOGIN = "302 to admin login"  # no admin access
ADMIN_DENIED = "302 to admin home"  # in the admin, but not this screen
UNAUTH = "401"  # anonymous on the API
FORBIDDEN = "403"
NOT_FOUND = "404"  # outside your scope: not even its existence is told
NOT_ALLOWED = "405"


def expect(default: str, **exceptions: str) -> dict[str, str]:
    unknown = set(exceptions) - set(ROLES)
    assert not unknown, unknown
    return {role: exceptions.get(role, default) for role in ROLES}


@dataclass
class Row:
    name: str
    method: str
    url: Callable
    expected: dict[str, str]
    data: dict = field(default_factory=dict)
    json: bool = False


def outcome(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login")):
            return LOGIN
        if location.startswith(reverse("wagtailadmin_login")):
            return ADMIN_LOGIN
        if location.rstrip("/") == reverse("wagtailadmin_home").rstrip("/"):
            return ADMIN_DENIED
        return DONE
    return str(response.status_code)


ROWS = [
    # --- pages: learning (courses) ---
    Row("my learning", "get", lambda w: reverse("courses:my_learning"), expect(OK, anonymous=LOGIN)),
    Row("my learning", "post", lambda w: reverse("courses:my_learning"), expect(OK, anonymous=LOGIN)),
    Row("course page", "get", lambda w: w.course.url, expect(OK, anonymous=LOGIN)),
    Row("lesson page", "get", lambda w: w.lesson.url, expect(OK, anonymous=LOGIN)),
    Row(
        "mark lesson done",
        "post",
        lambda w: reverse("courses:lesson_mark_done", args=[w.lesson.pk]),
        expect(DONE, anonymous=LOGIN),
    ),
    Row(
        "mark lesson done",
        "get",
        lambda w: reverse("courses:lesson_mark_done", args=[w.lesson.pk]),
        expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    # --- pages: people (org) ---
    Row(
        "staff list",
        "get",
        lambda w: reverse("people:staff_list"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row(
        "staff profile",
        "get",
        lambda w: reverse("people:staff_detail", args=[w.trainee.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=NOT_FOUND, hr=OK),
    ),
    Row(
        "staff export",
        "get",
        lambda w: reverse("people:staff_export"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    # --- pages: skills (the managers' dashboard and its Excel exports) ---
    Row(
        "skills dashboard",
        "get",
        lambda w: reverse("skills:dashboard"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row(
        "skills export request",
        "post",
        lambda w: reverse("skills:export_request", args=["matrix"]),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=DONE, manager_elsewhere=DONE, hr=DONE),
    ),
    Row(
        "skills export request",
        "get",
        lambda w: reverse("skills:export_request", args=["matrix"]),
        expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    Row(
        "skills exports list",
        "get",
        lambda w: reverse("skills:exports"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row(
        "skills export download",
        "get",
        lambda w: reverse("skills:export_download", args=[w.dashboard_export().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=NOT_FOUND, hr=NOT_FOUND),
    ),
    # --- pages: certificates ---
    Row("my certificates", "get", lambda w: reverse("certificates:mine"), expect(OK, anonymous=LOGIN)),
    Row(
        "certificate detail",
        "get",
        lambda w: reverse("certificates:detail", args=[w.certificate().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=OK, manager_here=OK, manager_elsewhere=NOT_FOUND, hr=OK),
    ),
    Row(
        "certificate revoke",
        "post",
        lambda w: reverse("certificates:revoke", args=[w.certificate().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=DONE, manager_elsewhere=NOT_FOUND, hr=DONE),
        data={"reason": "证书信息有误"},
    ),
    Row(
        "certificate verify (public)",
        "get",
        lambda w: reverse("certificates:verify", args=[w.certificate().code]),
        expect(OK),
    ),
    Row(
        "api certificate verify (public)",
        "get",
        lambda w: f"/api/v1/certificates/verify/{w.certificate().code}",
        expect(OK),
    ),
    # --- pages: privacy ---
    Row("privacy search", "get", lambda w: reverse("privacy:home"), expect(FORBIDDEN, anonymous=LOGIN, hr=OK)),
    Row(
        "privacy person",
        "get",
        lambda w: reverse("privacy:staff", args=[w.trainee.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, hr=OK),
    ),
    Row(
        "privacy export",
        "post",
        lambda w: reverse("privacy:export", args=[w.trainee.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, hr=OK),
    ),
    Row(
        "privacy export",
        "get",
        lambda w: reverse("privacy:export", args=[w.trainee.pk]),
        expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    Row(
        "privacy erase",
        "post",
        lambda w: reverse("privacy:staff", args=[w.other_trainee.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, hr=DONE),
        data={"confirm_employee_number": "from-world"},
    ),
    Row("audit log", "get", lambda w: reverse("privacy:audit_log"), expect(FORBIDDEN, anonymous=LOGIN, hr=OK)),
    # --- Wagtail admin ---
    Row("admin home", "get", lambda w: reverse("wagtailadmin_home"), expect(ADMIN_LOGIN, trainer=OK, hr=OK)),
    Row(
        "API tokens admin",
        "get",
        lambda w: reverse("wagtailusers_api_tokens:index"),
        expect(ADMIN_LOGIN, trainer=ADMIN_DENIED, hr=OK),
    ),
    Row(
        "edit a course page",
        "get",
        lambda w: reverse("wagtailadmin_pages:edit", args=[w.course.pk]),
        expect(ADMIN_LOGIN, trainer=OK, hr=ADMIN_DENIED),
    ),
    # --- API: learning ---
    Row("api my learning", "get", lambda w: "/api/v1/learning/me", expect(OK, anonymous=UNAUTH)),
    Row("api my learning", "post", lambda w: "/api/v1/learning/me", expect(NOT_ALLOWED)),
    Row(
        "api someone's progress",
        "get",
        lambda w: f"/api/v1/learning/users/{w.trainee.user.pk}/enrolments",
        expect(OK, anonymous=UNAUTH, other_trainee=NOT_FOUND, manager_elsewhere=NOT_FOUND),
    ),
    # --- API: people ---
    Row(
        "api team",
        "get",
        lambda w: "/api/v1/people/team",
        expect(FORBIDDEN, anonymous=UNAUTH, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row(
        "api staff member",
        "get",
        lambda w: f"/api/v1/people/staff/{w.trainee.employee_number}",
        expect(OK, anonymous=UNAUTH, other_trainee=NOT_FOUND, manager_elsewhere=NOT_FOUND),
    ),
    Row(
        "api roster sync",
        "post",
        lambda w: "/api/v1/people/roster",
        expect(FORBIDDEN, anonymous=UNAUTH, hr=OK),
        data={"rows": [{"employee_number": "E99999", "name": "新同事"}]},
        json=True,
    ),
    Row("api roster sync", "get", lambda w: "/api/v1/people/roster", expect(NOT_ALLOWED)),
]


def request(client, row: Row, world):
    url = row.url(world)
    data = dict(row.data)
    if data.get("confirm_employee_number") == "from-world":
        data["confirm_employee_number"] = world.other_trainee.employee_number
    if row.json:
        return getattr(client, row.method)(url, data, content_type="application/json")
    return getattr(client, row.method)(url, data) if data else getattr(client, row.method)(url)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.method.upper()} {r.name}" for r in ROWS])
def test_permission_matrix(world, row):
    assert list(row.expected) == ROLES
    actual = {}
    for role in ROLES:
        actual[role] = outcome(request(world.client(role, raise_request_exception=False), row, world))
    mismatches = {
        role: f"expected {row.expected[role]}, got {actual[role]}"
        for role in ROLES
        if actual[role] != row.expected[role]
    }
    assert not mismatches, mismatches
