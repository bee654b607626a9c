"""The demo question banks are fair tests of what the demo courses teach (issue #19): a choice
question always has a wrong option, a fill-in answer accepts the short form new hires actually
type, the order of LEARN and of the six service steps is tested as taught, and a rule a question
tests is written in the course."""

import re
from decimal import Decimal

import pytest

from courses.demo_content import COURSES
from quizzes.demo_content import BANKS
from quizzes.grading import grade_fill_in

QUESTIONS = [(area, question) for area, (_name, questions) in BANKS.items() for question in questions]
CHOICES = [(area, q) for area, q in QUESTIONS if q["type"] in ("single", "multiple")]


def _course(slug: str) -> dict:
    return next(course for course in COURSES if course["slug"] == slug)


def _text(course: dict) -> str:
    return str([lesson["body"] for lesson in course["lessons"]])


def _procedure_steps(course_slug: str, title: str) -> list[str]:
    for lesson in _course(course_slug)["lessons"]:
        for block in lesson["body"]:
            if block["type"] == "procedure" and block["value"]["title"] == title:
                return [step["title"] for step in block["value"]["steps"]]
    raise AssertionError(f"no procedure “{title}” in {course_slug}")


@pytest.mark.parametrize(("area", "question"), CHOICES, ids=[q["stem"][:16] for _a, q in CHOICES])
def test_no_choice_question_has_every_option_correct(area, question):
    wrong = [option for option in question["options"] if option not in question["correct"]]
    assert wrong, f"{area}: every option of “{question['stem']}” is correct"


def test_a_fill_in_answer_of_the_owners_committee_also_accepts_its_short_name():
    committee = [q for _area, q in QUESTIONS if q["type"] == "fill_in" and "业主委员会" in q["accepted"]]
    assert committee, "no fill-in question whose answer is 业主委员会"
    for question in committee:
        for typed in ("业主委员会", "业委会", "业委会。"):
            assert grade_fill_in(response=typed, accepted=question["accepted"], points=Decimal("1")).is_correct


def _order_question(area: str, steps: list[str]) -> dict:
    expected = " → ".join(steps)
    found = [q for q in BANKS[area][1] if q["type"] == "single" and q["correct"] == [expected]]
    assert found, f"no single-choice question in {area} whose answer is the order {expected}"
    return found[0]


def test_the_order_of_learn_is_tested_as_the_course_teaches_it():
    # "L 倾听（Listen）" → "倾听"
    steps = [re.match(r"[A-Z] (\S+?)（", title).group(1) for title in _procedure_steps("complaints", "LEARN 五步")]
    assert steps == ["倾听", "共情", "行动", "回应", "通知"]
    question = _order_question("complaints", steps)
    for option in question["options"]:
        assert sorted(option.split(" → ")) == sorted(steps)  # the wrong answers are other orders of the same steps


def test_the_order_of_the_six_service_steps_is_tested_as_the_course_teaches_it():
    steps = _procedure_steps("etiquette", "精彩服务六步法")
    assert len(steps) == 6
    question = _order_question("etiquette", steps)
    for option in question["options"]:
        assert sorted(option.split(" → ")) == sorted(steps)


def test_what_the_law_questions_test_about_fees_and_arbitration_is_taught_in_the_law_course():
    law = _text(_course("law"))
    assert "九百四十四条" in law and "停止供电、供水、供热、供燃气" in law
    assert "仲裁协议" in law
    assert "专项维修资金" in law and "专有部分" in law
