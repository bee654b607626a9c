"""The course, quiz, scenario and skills loaders check each entry and name the file and entry at
fault; the shipped files pass those checks."""

import pytest

from core.demo_data import DemoDataError
from courses.demo_content import COURSES, course_spec_load
from courses.demo_content.blocks import DIAGRAM, IMAGE


def test_the_shipped_courses_load_in_catalogue_order_with_image_placeholders():
    assert [c["slug"] for c in COURSES] == ["culture", "law", "etiquette", "complaints", "emergency", "practice"]
    blocks = [block for course in COURSES for lesson in course["lessons"] for block in lesson["body"]]
    assert {"paragraph", "key_points", "procedure", "checklist", "callout", "case_study", "image"} <= {
        b["type"] for b in blocks
    }
    images = [b["value"]["image"] for b in blocks if b["type"] == "image"]
    assert images.count(IMAGE) == 1  # the badge picture in the etiquette course
    assert f"{DIAGRAM}evacuation-route" in images


def test_an_image_naming_a_diagram_that_is_not_drawn_is_refused(tmp_path):
    path = tmp_path / "law.yaml"
    path.write_text(
        "slug: law\ntitle: t\nsubject_area: law\nkind: onboarding\nposts: []\nhours: 1\nsummary: s\n"
        "intro: i\nobjectives: [o]\nlessons:\n"
        "  - {slug: a, title: t, minutes: 1, body: [{image: {caption: 图, diagram: no-such-plan}}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(
        DemoDataError, match=r"body\[0\] \(image\) diagram names no file static/img/diagrams/no-such-plan\.svg"
    ):
        course_spec_load(path=path)


def test_a_lesson_block_without_its_title_names_the_file_lesson_and_block(tmp_path):
    path = tmp_path / "law.yaml"
    path.write_text(
        """
slug: law
title: 法律
subject_area: law
kind: onboarding
posts: [kefu]
hours: 4
summary: 概要
intro: <p>简介</p>
objectives: [目标]
lessons:
  - slug: disputes
    title: 纠纷
    minutes: 20
    body:
      - paragraph: <p>正文</p>
      - key_points:
          points: [协商]
""",
        encoding="utf-8",
    )
    with pytest.raises(
        DemoDataError, match=r"law\.yaml: lessons\[0\] “disputes” body\[1\] \(key_points\) is missing title"
    ):
        course_spec_load(path=path)


def test_an_unknown_block_type_is_refused(tmp_path):
    path = tmp_path / "law.yaml"
    path.write_text(
        "slug: law\ntitle: t\nsubject_area: law\nkind: onboarding\nposts: []\nhours: 1\nsummary: s\n"
        "intro: i\nobjectives: [o]\nlessons:\n  - {slug: a, title: t, minutes: 1, body: [{table: x}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DemoDataError, match=r"body\[0\] \(table\) is not a known block type"):
        course_spec_load(path=path)
