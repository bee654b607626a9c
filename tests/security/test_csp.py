"""The Content Security Policy is on every trainee page (no inline script can run), and the
admin, which ships inline scripts of its own, is exempt."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize("page", ["my_learning", "lesson", "course", "login"])
def test_trainee_pages_carry_a_strict_policy(world, page):
    client = world.client("anonymous" if page == "login" else "trainee")
    url = {
        "my_learning": reverse("courses:my_learning"),
        "lesson": world.lesson.url,
        "course": world.course.url,
        "login": reverse("login"),
    }[page]
    response = client.get(url)
    assert response.status_code == 200
    directives = policy(response)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["object-src"] == "object-src 'none'"
    assert "default-src" in directives


def test_the_wagtail_admin_is_exempt(world):
    response = world.client("trainer").get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers
