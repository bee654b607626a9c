"""GIFT read as Moodle reads it: every type and option of Moodle's GIFT documentation
(fixtures/moodle_docs.gift) imports faithfully or is named as not supported; nothing becomes
another type, a weight never stays in the text, and a share Moodle refuses is reported."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from quizzes.bank_io.gift import parse_gift

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def docs():
    with translation.override("en"):  # built before the function-scoped English override
        report = parse_gift((FIXTURES / "moodle_docs.gift").read_bytes())
    assert not report.errors, report.errors
    return {q.name: q for q in report.questions}, report


def test_every_documented_type_is_read_as_its_own_type(docs):
    questions, _report = docs
    assert {name: q.qtype for name, q in questions.items() if name.startswith("Q")} == {
        "Q1": "true_false",
        "Q2": "single",
        "Q3": "fill_in",
        "Q5": "numerical",
        "Q6": "numerical",
        "Q7": "numerical",
        "Q8": "essay",
    }


def test_matching_and_description_are_named_not_imported(docs):
    questions, report = docs
    assert "Q4" not in questions
    assert report.skipped == [
        ("question 4 (line 16) “Q4”", "Matching (match)"),
        ("question 20 (line 76)", "Description (text only, not a question) (description)"),
    ]
    assert all("->" not in a for q in questions.values() for a in q.accepted)


def test_per_answer_and_general_feedback_are_kept(docs):
    questions, _report = docs
    q2 = questions["Q2"]
    assert [(o.text, o.correct, o.feedback) for o in q2.options] == [
        ("yellow", True, "right; good!"),
        ("red", False, "wrong, it's yellow"),
        ("blue", False, "wrong, it's yellow"),
    ]
    assert questions["Pi"].explanation == "Pi is about 3.14159."
    assert questions["Dag"].qtype == "essay" and questions["Dag"].explanation.startswith("Secretary-General")


def test_true_false_feedback_follows_the_answer_given(docs):
    questions, _report = docs
    tf = questions["Tomb TF"]
    assert tf.correct_true is False
    assert tf.false_feedback == "Right: he is entombed."  # answering false is right
    assert tf.true_feedback == "No one is buried in Grant's tomb."


def test_missing_word_questions_keep_the_blank(docs):
    questions, _report = docs
    assert questions["Q3"].stem == "Two plus _____ equals four."
    assert questions["Q3"].accepted == ["two", "2"]
    assert questions["Grant's tomb"].stem == "Grant is _____ in Grant's tomb."


def test_weights_become_shares_of_the_points_and_leave_the_text(docs):
    questions, _report = docs
    multiple = questions["Tomb MA"]
    assert multiple.qtype == "multiple"
    assert [(o.text, o.fraction, o.correct) for o in multiple.options] == [
        ("No one", Decimal(-100), False),
        ("Grant", Decimal(50), True),
        ("Grant's wife", Decimal(50), True),
        ("Grant's father", Decimal(-100), False),
    ]
    single = questions["Half credit"]
    assert single.qtype == "single"
    assert [(o.text, o.fraction) for o in single.options] == [
        ("wrong answer", 0),
        ("half credit answer", 50),
        ("full credit answer", 100),
    ]
    assert not any("%" in o.text for q in questions.values() for o in q.options)


def test_the_catch_all_is_feedback_not_an_accepted_answer(docs):
    questions, _report = docs
    moodler = questions["Moodler"]
    assert moodler.qtype == "fill_in" and moodler.accepted == []
    assert [(a.text, a.fraction, a.feedback) for a in moodler.answers] == [
        ("Moodler", 100, "Yes, well done!"),
        ("*", 0, "Sorry, listen again."),
    ]
    assert questions["Tomb SA"].answers[1].feedback == "excellent answer too!"


def test_numerical_answers_keep_value_tolerance_share_and_feedback(docs):
    questions, _report = docs
    assert [(a.value, a.tolerance) for a in questions["Q5"].answers] == [(3, 2)]
    assert [(a.value, a.tolerance) for a in questions["Q6"].answers] == [(3, 2)]  # {#1..5}, as Moodle reads it
    assert [(a.value, a.tolerance, a.fraction, a.feedback) for a in questions["Q7"].answers] == [
        (1822, 0, 100, "Correct! Full credit."),
        (1822, 2, 50, "He was born in 1822. Half credit for being close."),
    ]
    pi = questions["Pi"]
    assert [(a.text, a.value, a.tolerance, a.fraction) for a in pi.answers] == [
        ("", Decimal("3.14159"), Decimal("0.0005"), 100),
        ("*", None, 0, 0),
    ]
    assert pi.answers[1].feedback == "Not quite: 3.142."


def test_escapes_formats_and_new_lines(docs):
    questions, _report = docs
    assert [o.text for o in questions["Escapes"].options] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    assert questions["Escapes"].options[1].correct
    assert questions["Formats"].stem == "Who's buried in Grant's tomb?\nChoose one."
    assert [o.text for o in questions["Formats"].options] == ["Grant", "no one", "Jefferson"]
    assert questions["Lines"].stem == "First line\nsecond line"


def test_categories_keep_their_moodle_context_and_nesting(docs):
    questions, _report = docs
    assert questions["Q1"].category_context == "$course$/top"
    assert questions["Q1"].category_path == ["Default for GIFT", "Docs examples"]
    assert questions["火警电话"].category_context == ""
    assert questions["火警电话"].category_path == ["物业服务", "应急处置/消防"]  # "//" is a slash in a name


def test_id_numbers_and_tags_from_comments(docs):
    questions, _report = docs
    assert questions["火警电话"].idnumber == "fire-119"
    assert questions["火警电话"].tags == ["消防", "应急"]
    assert questions["困人到场"].idnumber == "lift-minutes" and questions["困人到场"].tags is None


def test_what_gift_does_not_give_is_left_unset(docs):
    questions, _report = docs
    q = questions["Q1"]
    assert (q.points, q.difficulty, q.is_active, q.tags) == (None, None, None, None)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("::bad:: 选择 {~%45%甲 =乙}", "45"),
        ("::bad:: 填空 {=%33.3%甲 =乙}", "33.3"),
        ("::bad:: 数值 {#=%101%3:1}", "101"),
    ],
)
def test_a_share_moodle_does_not_allow_is_reported_with_question_and_value(text, value):
    report = parse_gift(text.encode())
    assert report.errors
    where, message = report.errors[0]
    assert where == "question 1 (line 1) “bad”" and f"{value}%" in message


def test_a_share_within_moodle_s_rounding_is_the_value_moodle_means():
    report = parse_gift("多选 {~%33.333%甲 ~%33.333%乙 ~%33.333%丙 ~%-100%丁}".encode())
    assert report.ok, report.errors
    assert [str(o.fraction) for o in report.questions[0].options] == ["33.33333", "33.33333", "33.33333", "-100"]


def test_psa_tokens_carry_what_moodle_s_gift_has_no_room_for():
    text = (
        "// [id:x1] [tag:安全]\n"
        "// [psa:points=2.5] [psa:difficulty=3] [psa:active=no] [psa:graderinfo=要点：断电\\n平层]\n"
        "::e:: 简述 {}\n"
    )
    q = parse_gift(text.encode()).questions[0]
    assert (q.idnumber, q.tags, q.points, q.difficulty, q.is_active) == ("x1", ["安全"], Decimal("2.50"), 3, False)
    assert q.grader_info == "要点：断电\n平层"
