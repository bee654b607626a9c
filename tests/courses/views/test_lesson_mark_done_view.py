import pytest
from django.urls import reverse

from courses.models import CourseEnrolment, StepCompletion
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lessons(catalog):
    course = CoursePageFactory(parent=catalog)
    return LessonPageFactory(parent=course), LessonPageFactory(parent=course)


def test_marking_a_lesson_done_moves_on_to_the_next_step(client, lessons):
    first, second = lessons
    me = StaffProfileFactory().user
    client.force_login(me)
    response = client.post(reverse("courses:lesson_mark_done", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == second.url
    assert CourseEnrolment.objects.get(user=me).progress_percent == 50


def test_marking_the_last_lesson_done_returns_to_the_completed_course(client, lessons):
    first, second = lessons
    me = StaffProfileFactory().user
    client.force_login(me)
    client.post(reverse("courses:lesson_mark_done", args=[first.pk]))
    response = client.post(reverse("courses:lesson_mark_done", args=[second.pk]), follow=True)
    assert response.redirect_chain[-1][0] == first.get_parent().url
    assert 'id="course-complete"' in response.content.decode()
    assert CourseEnrolment.objects.get(user=me).completed_at is not None


def test_a_get_request_changes_nothing(client, lessons):
    client.force_login(StaffProfileFactory().user)
    response = client.get(reverse("courses:lesson_mark_done", args=[lessons[0].pk]))
    assert response.status_code == 405
    assert not StepCompletion.objects.exists()


def test_a_trainee_cannot_mark_a_lesson_done_for_someone_else(client, lessons):
    me, other = StaffProfileFactory().user, StaffProfileFactory().user
    client.force_login(me)
    client.post(reverse("courses:lesson_mark_done", args=[lessons[0].pk]), {"user": other.pk, "user_id": other.pk})
    assert list(StepCompletion.objects.values_list("user_id", flat=True)) == [me.pk]


def test_anonymous_marking_is_refused(client, lessons):
    response = client.post(reverse("courses:lesson_mark_done", args=[lessons[0].pk]))
    assert response.status_code == 302
    assert not StepCompletion.objects.exists()


def test_draft_lessons_cannot_be_marked_done(client, catalog):
    draft = LessonPageFactory(parent=CoursePageFactory(parent=catalog), live=False)
    client.force_login(StaffProfileFactory().user)
    assert client.post(reverse("courses:lesson_mark_done", args=[draft.pk])).status_code == 404


def test_the_mark_done_form_needs_a_csrf_token(lessons):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffProfileFactory().user)
    assert client.post(reverse("courses:lesson_mark_done", args=[lessons[0].pk])).status_code == 403
    assert not StepCompletion.objects.exists()
