"""The Wagtail admin in zh-hans: the strings Wagtail 8 and Django 6.1 added after their own zh_Hans
catalogues were made come from the project catalogue (locale/, searched first), booleans read
是/否, and "Pages" is 页面, not the pager's 分页."""

import json
import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from org.services import staff_role_sync
from tests.courses.test_locale_catalogues import compiled_messages  # noqa: F401
from tests.factories.courses import LessonPageFactory, ProgrammeFactory
from tests.factories.org import TrainerFactory

pytestmark = pytest.mark.django_db


def shows(html: str, text: str) -> bool:
    """In the page itself or in the JSON the admin's scripts build the page from (\\uXXXX escapes)."""
    return text in html or json.dumps(text)[1:-1] in html


@pytest.fixture
def trainer(client, compiled_messages, settings):  # noqa: F811
    settings.LANGUAGE_CODE = "zh-hans"  # the production default; lms.settings.test uses English
    profile = TrainerFactory()
    staff_role_sync(profile=profile)
    client.force_login(profile.user)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/admin/"})
    return client


def test_the_sidebar_says_pages_as_页面(trainer):
    html = trainer.get("/admin/").content.decode()

    assert shows(html, "页面")
    assert not shows(html, "分页")


def test_the_page_editor_says_autosave_and_select_in_chinese(trainer, catalog):
    lesson = LessonPageFactory(parent__parent=catalog)

    html = trainer.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).content.decode()

    assert shows(html, "自动保存已暂停")
    assert not shows(html, "Autosave is paused")
    assert not shows(html, "Select an option")


def test_a_page_that_does_not_validate_says_so_in_chinese(trainer, catalog):
    lesson = LessonPageFactory(parent__parent=catalog)

    data = nested_form_data(
        {
            "title": "",
            "slug": lesson.slug,
            "estimated_minutes": "10",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    response = trainer.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), data)

    html = response.content.decode()
    assert shows(html, "页面有验证错误，未能保存。")
    assert not shows(html, "could not be saved")


def test_a_choice_without_a_default_offers_请选择():
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("zh-hans"):
        assert str(BLANK_CHOICE_LABEL) == "- 请选择 -"


def test_listed_booleans_read_是_and_否(trainer):
    ProgrammeFactory(name="新员工入职", is_active=True)
    ProgrammeFactory(name="旧计划", is_active=False)

    html = trainer.get(reverse("wagtailsnippets_courses_programme:list")).content.decode()

    compact = re.sub(r"\s+", "", html)
    assert ">是<" in compact and ">否<" in compact
    assert "True" not in html and "False" not in html
