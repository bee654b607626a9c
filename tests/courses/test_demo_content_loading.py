"""The course, quiz, scenario and skills loaders check each entry and name the file and entry at
fault; the shipped files pass those checks."""

import pytest

from core.demo_data import DemoDataError
from courses.demo_content import COURSES, course_spec_load
from courses.demo_content.blocks import IMAGE


def test_the_shipped_courses_load_in_catalogue_order_with_an_image_placeholder():
    assert [c["slug"] for c in COURSES] == ["culture", "law", "etiquette", "complaints", "emergency", "practice"]
    blocks = [block for course in COURSES for lesson in course["lessons"] for block in lesson["body"]]
    assert {"paragraph", "key_points", "procedure", "checklist", "callout", "case_study", "image"} <= {
        b["type"] for b in blocks
    }
    assert [b["value"]["image"] for b in blocks if b["type"] == "image"] == [IMAGE]


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
