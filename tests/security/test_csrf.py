"""Every write is a POST protected by a CSRF token: without the token it is refused, for pages
and for session-authenticated API calls alike."""

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import StepCompletion

pytestmark = pytest.mark.django_db


def test_login_without_a_csrf_token_is_refused():
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "a", "password": "b"})
    assert response.status_code == 403


def test_marking_a_lesson_done_without_a_csrf_token_is_refused_and_records_nothing(world):
    client = world.client("trainee", enforce_csrf_checks=True)
    response = client.post(reverse("courses:lesson_mark_done", args=[world.lesson.pk]))
    assert response.status_code == 403
    assert not StepCompletion.objects.filter(user=world.trainee.user).exists()


def test_marking_a_lesson_done_with_the_csrf_token_works(world):
    client = world.client("trainee", enforce_csrf_checks=True)
    client.get(world.lesson.url)
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("courses:lesson_mark_done", args=[world.lesson.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert StepCompletion.objects.filter(user=world.trainee.user).exists()


def test_logout_and_language_switch_without_a_csrf_token_are_refused(world):
    client = world.client("trainee", enforce_csrf_checks=True)
    assert client.post(reverse("logout")).status_code == 403
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 403
