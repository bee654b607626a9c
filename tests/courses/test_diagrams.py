"""The diagrams drawn for the platform (static/img/diagrams/*.svg) are safe to show, labelled in
Chinese with a <title> that becomes the image's alt text, each used by a lesson, and shown in the
lesson as an image."""

import re

import pytest
from defusedxml import ElementTree
from django.contrib.auth import get_user_model

from courses import demo as courses_demo
from courses.demo_content import COURSES, POST_COURSES
from courses.demo_content.blocks import DIAGRAM, DIAGRAM_DIR
from courses.models import LessonPage
from org import demo as org_demo

SVG = "{http://www.w3.org/2000/svg}"
DIAGRAMS = sorted(DIAGRAM_DIR.glob("*.svg"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def _used() -> set[str]:
    return {
        block["value"]["image"].removeprefix(DIAGRAM)
        for course in [*COURSES, *POST_COURSES]
        for lesson in course["lessons"]
        for block in lesson["body"]
        if block["type"] == "image" and block["value"]["image"].startswith(DIAGRAM)
    }


def test_the_platform_has_the_diagrams_the_lessons_need():
    names = {path.stem for path in DIAGRAMS}
    assert {"evacuation-route", "lift-rescue-steps", "patrol-route", "repair-response-flow"} <= names
    assert names == _used(), "every drawn diagram is used by a lesson"


@pytest.mark.parametrize("path", DIAGRAMS, ids=[p.stem for p in DIAGRAMS])
def test_a_diagram_is_an_svg_with_a_chinese_title_and_nothing_that_runs_or_loads(path):
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") and root.get("width") and root.get("height")
    title = root.find(f"{SVG}title")
    assert title is not None and CJK.search(title.text or "")
    assert root.find(f"{SVG}desc") is not None
    texts = [element.text or "" for element in root.iter(f"{SVG}text")]
    assert sum(bool(CJK.search(text)) for text in texts) >= 5, "labels are in Chinese"
    for element in root.iter():
        assert element.tag not in (f"{SVG}script", f"{SVG}foreignObject", f"{SVG}image", f"{SVG}style")
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{element.tag} has an event handler"
            if name.endswith("href") or "url(" in value:
                assert value.startswith("#") or value.startswith("url(#"), f"{element.tag} loads {value}"
    assert path.stat().st_size < 20_000


@pytest.mark.django_db
def test_a_lesson_shows_its_diagram_with_the_title_as_alt_text(client):
    org_demo.build()
    courses_demo.build()
    client.force_login(get_user_model().objects.get(username="trainee"))
    lesson = LessonPage.objects.get(slug="lift-check-and-rescue")
    html = client.get(lesson.url).content.decode()
    image = re.search(r'<img [^>]*alt="电梯困人救援六步"[^>]*>', html)
    assert image and ".svg" in image.group(0)
