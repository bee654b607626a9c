"""Trainers author in the Wagtail admin (groups Editors + Moderators, given by their role);
trainees and managers cannot reach it."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.models import LessonPage, Programme
from org.models import Role
from org.services import staff_upsert
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import SiteFactory

pytestmark = pytest.mark.django_db


def person(role: str, number: str):
    profile, _ = staff_upsert(employee_number=number, name=number, role=role, site=SiteFactory(), password="pw-1")
    return profile.user


def edit_data(lesson: LessonPage, title: str, action: str | None = None) -> dict:
    data = {
        "title": title,
        "slug": lesson.slug,
        "estimated_minutes": 20,
        "is_required": "on",
        "body": streamfield([("paragraph", rich_text("<p>修订后的课时内容</p>"))]),
        "comments": inline_formset([]),
    }
    if action:
        data[action] = action.removeprefix("action-")
    return nested_form_data(data)


def test_a_trainer_edits_and_publishes_a_lesson(client, catalog):
    lesson = LessonPageFactory(parent=CoursePageFactory(parent=catalog), title="旧标题")
    client.force_login(person(Role.TRAINER, "TR1"))
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, edit_data(lesson, "新标题", "action-publish"))

    assert response.status_code == 302
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.title == "新标题"
    assert lesson.live
    assert lesson.live_revision is not None
    assert "修订后的课时内容" in str(lesson.body)


def test_a_trainers_draft_stays_unpublished_until_published(client, catalog):
    lesson = LessonPageFactory(parent=CoursePageFactory(parent=catalog), title="已发布标题")
    client.force_login(person(Role.TRAINER, "TR2"))
    client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), edit_data(lesson, "草稿标题"))
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.title == "已发布标题"
    assert lesson.has_unpublished_changes
    assert lesson.get_latest_revision_as_object().title == "草稿标题"


def test_a_trainer_can_add_a_lesson_to_a_course(client, catalog):
    course = CoursePageFactory(parent=catalog)
    client.force_login(person(Role.TRAINER, "TR3"))
    url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])
    data = nested_form_data(
        {
            "title": "新课时",
            "slug": "new-lesson",
            "estimated_minutes": 10,
            "is_required": "on",
            "body": streamfield([("paragraph", rich_text("<p>内容</p>"))]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    assert client.post(url, data).status_code == 302
    assert LessonPage.objects.child_of(course).live().filter(title="新课时").exists()


def test_trainers_can_manage_programmes_as_snippets(client):
    client.force_login(person(Role.TRAINER, "TR4"))
    assert client.get(reverse("wagtailsnippets_courses_programme:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_courses_programme:add")).status_code == 200
    assert Programme.objects.count() == 0


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.MANAGER])
def test_trainees_and_managers_cannot_reach_the_admin(client, catalog, role):
    lesson = LessonPageFactory(parent=CoursePageFactory(parent=catalog), title="原标题")
    client.force_login(person(role, "X1"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]), edit_data(lesson, "被篡改", "action-publish")
    )
    assert response.status_code in (302, 403)
    assert Page.objects.get(pk=lesson.pk).title == "原标题"


def test_a_lesson_submitted_for_moderation_is_published_when_a_moderator_approves(client, catalog):
    """Wagtail's built-in "Moderators approval" workflow: an editor submits, a moderator approves."""
    from django.contrib.auth.models import Group
    from wagtail.models import WorkflowState

    lesson = LessonPageFactory(parent=CoursePageFactory(parent=catalog), title="原标题")
    editor = person(Role.TRAINEE, "ED1")
    editor.groups.add(Group.objects.get(name="Editors"))  # an editor who may not publish
    client.force_login(editor)
    client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), edit_data(lesson, "送审标题", "action-submit"))
    state = WorkflowState.objects.get(object_id=str(lesson.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert LessonPage.objects.get(pk=lesson.pk).title == "原标题"

    client.force_login(person(Role.TRAINER, "TR5"))
    url = reverse("wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", state.current_task_state.pk])
    client.post(url, {"comment": ""})
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert LessonPage.objects.get(pk=lesson.pk).title == "送审标题"


def test_a_trainer_previews_a_draft_lesson(client, catalog):
    lesson = LessonPageFactory(parent=CoursePageFactory(parent=catalog), title="预览前")
    client.force_login(person(Role.TRAINER, "TR6"))
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[lesson.pk])
    assert client.post(url, edit_data(lesson, "预览中的标题")).json()["is_valid"]
    response = client.get(url)
    assert response.status_code == 200
    assert "预览中的标题" in response.content.decode()
    assert LessonPage.objects.get(pk=lesson.pk).title == "预览前"
