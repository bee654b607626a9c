"""Moodle XML read as Moodle reads it: every type and option of Moodle's XML documentation
(fixtures/moodle_docs.xml) imports faithfully, is named as not supported, or — for what this
site has no room for — is named in the notes; a share Moodle refuses is reported."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from quizzes.bank_io.moodle import parse_moodle_xml

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def docs():
    # Built once for the module, before the function-scoped English override takes effect, so it
    # must not read the report in whatever language the previous test left active.
    with translation.override("en"):
        report = parse_moodle_xml((FIXTURES / "moodle_docs.xml").read_bytes())
    assert not report.errors, report.errors
    return {q.name: q for q in report.questions}, report


def test_supported_types_import_as_themselves(docs):
    questions, _report = docs
    assert {name: q.qtype for name, q in questions.items()} == {
        "Name of question": "single",
        "Multiple answers": "multiple",
        "TF": "true_false",
        "Short answer": "fill_in",
        "Plain short answer": "fill_in",
        "Numerical": "numerical",
        "With units": "numerical",
        "Essay": "essay",
        "Essay with files": "essay",
        "LEARN": "single",
    }


def test_every_other_moodle_type_is_named_by_its_moodle_name(docs):
    _questions, report = docs
    assert [kind for _where, kind in report.skipped] == [
        "Matching (matching)",
        "Matching (match)",
        "Embedded answers (Cloze) (cloze)",
        "Embedded answers (Cloze) (multianswer)",
        "Ordering (ordering)",
        "Drag and drop into text (ddwtos)",
        "Drag and drop onto image (ddimageortext)",
        "Drag and drop markers (ddmarker)",
        "Select missing words (gapselect)",
        "Calculated (calculated)",
        "Simple calculated (calculatedsimple)",
        "Calculated multichoice (calculatedmulti)",
        "Random short-answer matching (randomsamatch)",
        "Description (text only, not a question) (description)",
    ]
    assert report.skipped[0][0] == "question 10 (Matching)"


def test_multichoice_keeps_feedback_grade_id_number_tags_and_html_as_text(docs):
    questions, _report = docs
    q = questions["Name of question"]
    assert q.stem == "What is the answer to this question?"
    assert q.explanation == "General feedback"
    assert (q.points, q.idnumber, q.tags, q.is_active) == (Decimal("1.00"), "MC-1", ["physics", "mechanics"], True)
    assert [(o.text, o.correct, o.fraction, o.feedback) for o in q.options] == [
        ("The correct answer", True, None, "Correct!"),
        ("A distractor", False, None, "Ooops!"),
        ("Another distractor", False, None, "Ooops!"),
    ]
    assert questions["LEARN"].stem == "LEARN 模式中的 E 指什么？"
    assert questions["LEARN"].options[1].feedback == "急于解释会让业主觉得被推诿。"


def test_multiple_answer_fractions_are_shares_snapped_to_moodle_s_values(docs):
    questions, _report = docs
    q = questions["Multiple answers"]
    assert [(o.text, str(o.fraction), o.correct) for o in q.options] == [
        ("2", "33.33333", True),
        ("3", "33.33333", True),  # 33.333 is within Moodle's rounding of 33.33333
        ("5", "33.33333", True),
        ("4", "-100", False),
    ]
    assert q.options[3].feedback == "4 = 2 × 2." and q.points == 2


def test_true_false_keeps_feedback_for_each_answer_and_hidden(docs):
    questions, _report = docs
    q = questions["TF"]
    assert (q.correct_true, q.true_feedback, q.false_feedback, q.is_active) == (True, "Correct!", "Ooops!", False)


def test_short_answer_keeps_case_wildcards_shares_and_the_catch_all(docs):
    questions, _report = docs
    q = questions["Short answer"]
    assert q.case_sensitive is True and q.accepted == []
    assert [(a.text, a.fraction, a.feedback) for a in q.answers] == [
        ("Neon", 100, "Correct!"),
        ("Argon", 100, "Correct!"),
        ("Ne*", 50, "Spelling?"),
        ("*", 0, "No."),
    ]
    plain = questions["Plain short answer"]
    assert plain.accepted == ["four", "4"] and plain.answers == [] and plain.case_sensitive is False


def test_numerical_keeps_tolerance_shares_and_the_catch_all(docs):
    questions, _report = docs
    q = questions["Numerical"]
    assert q.points == Decimal("1.50") and q.explanation == "It is 23."
    assert [(a.text, a.value, a.tolerance, a.fraction, a.feedback) for a in q.answers] == [
        ("", 23, Decimal("0.1"), 100, "Feedback"),
        ("", 23, 1, 50, "Close."),
        ("*", None, 0, 0, "Any other number."),
    ]


def test_essay_keeps_the_information_for_graders(docs):
    questions, _report = docs
    q = questions["Essay"]
    assert q.grader_info == "Information for graders:\ncut power, level the car, open the doors."
    assert q.points == 5 and q.explanation == ""


def test_what_cannot_be_carried_over_is_named(docs):
    _questions, report = docs
    assert report.notes == [
        ("question 2 (Multiple answers)", "Hints for multiple tries are not kept."),
        (
            "question 2 (Multiple answers)",
            "Moodle keeps its options in order; here the quiz decides whether options are shuffled.",
        ),
        ("question 2 (Multiple answers)", "The feedback for correct, partly correct and wrong answers is not kept."),
        ("question 7 (With units)", "Units are not kept: the trainee answers with the number alone."),
        ("question 9 (Essay with files)", "File attachments are not supported: the trainee types the answer."),
        ("question 9 (Essay with files)", "Moodle asks for files only; here the trainee types the answer."),
        ("question 9 (Essay with files)", "Word limits are not kept."),
        ("question 9 (Essay with files)", "The response template is not kept."),
    ]


def test_categories_keep_context_nesting_and_description(docs):
    questions, report = docs
    q = questions["Name of question"]
    assert (q.category_context, q.category_path) == ("$course$/top", ["Default for Science", "Physics"])
    assert report.categories == {("$course$/top", "Default for Science", "Physics"): "Questions about physics"}
    assert (questions["LEARN"].category_context, questions["LEARN"].category_path) == ("", ["物业服务", "投诉处理"])


@pytest.mark.parametrize("fraction", ["45", "33.3", "-12", "110"])
def test_a_fraction_moodle_does_not_allow_is_reported_with_question_and_value(fraction):
    data = (
        "<quiz><question type='multichoice'><name><text>坏分值</text></name>"
        "<questiontext><text>选哪个？</text></questiontext><single>false</single>"
        f"<answer fraction='{fraction}'><text>甲</text></answer><answer fraction='100'><text>乙</text></answer>"
        "</question></quiz>"
    ).encode()
    report = parse_moodle_xml(data)
    assert not report.ok
    assert report.errors[0][0] == "question 1 (坏分值)"
    assert f"{fraction}%" in report.errors[0][1]


def test_a_short_answer_fraction_moodle_does_not_allow_is_reported():
    data = (
        b"<quiz><question type='shortanswer'><name><text>sa</text></name><questiontext><text>q</text></questiontext>"
        b"<answer fraction='100'><text>a</text></answer><answer fraction='55'><text>b</text></answer></question></quiz>"
    )
    report = parse_moodle_xml(data)
    assert report.errors == [
        (
            "question 1 (sa)",
            "The share of the points 55% is not one Moodle allows (100, 90, 83.33333, 80 … 5, 0 and negatives).",
        )
    ]
