"""Wagtail's chooser buttons read in the reader's language, whichever language was active when the
widget (and so the form class, made once per process) was built."""

from django.utils import translation
from wagtail.admin.widgets.chooser import AdminPageChooser
from wagtail.snippets.widgets import AdminSnippetChooser

from courses.models import CoursePage
from org.models import Post


def test_a_snippet_chooser_made_in_english_reads_in_chinese_to_a_chinese_reader():
    with translation.override("en"):
        widget = AdminSnippetChooser(Post)
        assert str(widget.choose_one_text) == "Choose post"
    with translation.override("zh-hans"):
        name = str(Post._meta.verbose_name)
        assert str(widget.choose_one_text) == f"选择 {name}"
        assert str(widget.choose_another_text) == f"选择另一个 {name}"


def test_a_page_chooser_for_one_page_type_names_it_in_the_readers_language():
    with translation.override("en"):
        widget = AdminPageChooser(target_models=[CoursePage])
        assert str(widget.choose_one_text) == "Choose a page (Course)"
    with translation.override("zh-hans"):
        text = str(widget.choose_one_text)
    assert "Choose" not in text and "Course" not in text and text.startswith("选择")
