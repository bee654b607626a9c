"""Scoring of what Moodle banks bring: shares of the points on options and answers, fill-in answer
rows with wildcards and a catch-all, numerical answers within a tolerance, and the feedback
written for the answer given."""

from decimal import Decimal

import pytest

from quizzes.bank_io.common import ParsedAnswer, ParsedOption, ParsedQuestion
from quizzes.grading import answer_feedback, grade_answer, parse_number
from quizzes.services.bank_import import question_write
from tests.factories.quizzes import QuestionCategoryFactory

pytestmark = pytest.mark.django_db
RULE = "half_for_subset"


def make(qtype, **fields):
    parsed = ParsedQuestion(source="test", qtype=qtype, stem="题目", points=Decimal("2"), **fields)
    return question_write(question=None, parsed=parsed, category=QuestionCategoryFactory())


def ids(question):
    return [o.pk for o in sorted(question.options.all(), key=lambda o: o.sort_order)]


def score(question, response):
    return grade_answer(question=question, response=response, rule=RULE).score


def test_a_weighted_single_choice_earns_the_share_of_the_option_chosen():
    q = make(
        "single",
        options=[
            ParsedOption("全对", True, Decimal(100)),
            ParsedOption("半对", False, Decimal(50)),
            ParsedOption("错", False, Decimal(0)),
            ParsedOption("大错", False, Decimal(-50)),
        ],
    )
    full, half, wrong, worse = ids(q)
    assert grade_answer(question=q, response=[full], rule=RULE).is_correct is True
    assert (score(q, [full]), score(q, [half]), score(q, [wrong]), score(q, [worse])) == (2, 1, 0, 0)
    assert grade_answer(question=q, response=[half], rule=RULE).is_correct is False


def test_a_weighted_multiple_choice_adds_the_shares_chosen_between_nothing_and_all():
    q = make(
        "multiple",
        options=[
            ParsedOption("甲", True, Decimal(50)),
            ParsedOption("乙", True, Decimal(50)),
            ParsedOption("丙", False, Decimal(-100)),
        ],
    )
    a, b, c = ids(q)
    assert score(q, [a, b]) == 2 and grade_answer(question=q, response=[a, b], rule=RULE).is_correct
    assert score(q, [a]) == 1
    assert score(q, [a, c]) == 0  # a wrong option takes its share away, never below zero
    assert score(q, [a, b, c]) == 0
    assert score(q, []) == 0


def test_without_shares_the_quiz_s_rule_still_decides():
    q = make("multiple", options=[ParsedOption("甲", True), ParsedOption("乙", True), ParsedOption("丙", False)])
    a, b, _c = ids(q)
    assert grade_answer(question=q, response=[a], rule="half_for_subset").score == 1
    assert grade_answer(question=q, response=[a], rule="all_or_nothing").score == 0
    assert grade_answer(question=q, response=[a, b], rule="all_or_nothing").score == 2


def test_fill_in_rows_match_in_order_with_wildcards_shares_and_a_catch_all():
    q = make(
        "fill_in",
        answers=[
            ParsedAnswer(text="首问负责制", feedback="完全正确。"),
            ParsedAnswer(text="首问*", fraction=Decimal(50), feedback="意思对了。"),
            ParsedAnswer(text="*", fraction=Decimal(0), feedback="再想想。"),
        ],
    )
    assert score(q, " 首问 负责制。") == 2
    assert score(q, "首问责任") == 1
    assert score(q, "随便写") == 0
    assert score(q, "") == 0
    assert answer_feedback(question=q, response="首问负责制") == ["完全正确。"]
    assert answer_feedback(question=q, response="首问责任") == ["意思对了。"]
    assert answer_feedback(question=q, response="随便写") == ["再想想。"]
    assert answer_feedback(question=q, response="") == []


def test_the_catch_all_never_earns_marks_as_an_accepted_answer():
    q = make(
        "fill_in", answers=[ParsedAnswer(text="Moodler"), ParsedAnswer(text="*", fraction=Decimal(0), feedback="x")]
    )
    assert q.accepted_answer_list() == ["Moodler"]
    assert grade_answer(question=q, response="anything", rule=RULE).is_correct is False


def test_a_case_sensitive_fill_in_compares_case():
    q = make("fill_in", accepted=["Neon"], case_sensitive=True)
    assert score(q, "Neon") == 2 and score(q, "neon") == 0 and score(q, "Ｎｅｏｎ") == 2
    rows = make("fill_in", answers=[ParsedAnswer(text="Ne*", feedback="")], case_sensitive=True)
    assert score(rows, "Neon") == 2 and score(rows, "neon") == 0


def test_an_escaped_star_is_a_star():
    q = make("fill_in", answers=[ParsedAnswer(text="a\\*b", feedback="星号")])
    assert score(q, "a*b") == 2 and score(q, "axxb") == 0


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("30", 30), ("３０", 30), (" -2.5 ", Decimal("-2.5")), ("1,200", 1200), ("1e3", 1000), ("１．５", Decimal("1.5"))],
)
def test_numbers_are_read_as_typed_on_a_phone(typed, expected):
    assert parse_number(typed) == expected


@pytest.mark.parametrize("typed", ["", "三十", "1,2", "30分钟", "NaN", "Infinity", None, True, "1.2.3"])
def test_what_is_not_a_number_is_none(typed):
    assert parse_number(typed) is None


def test_numerical_answers_within_their_tolerance_earn_their_share():
    q = make(
        "numerical",
        answers=[
            ParsedAnswer(value=Decimal(30), tolerance=Decimal(0), feedback="正确。"),
            ParsedAnswer(value=Decimal(30), tolerance=Decimal(10), fraction=Decimal(50), feedback="接近了。"),
            ParsedAnswer(text="*", fraction=Decimal(0), feedback="应在30分钟内到场。"),
        ],
    )
    assert score(q, "30") == 2 and grade_answer(question=q, response="３０", rule=RULE).is_correct
    assert score(q, "40") == 1 and score(q, "20") == 1  # the bounds count
    assert score(q, "40.01") == 0 and score(q, "三十") == 0
    assert answer_feedback(question=q, response="25") == ["接近了。"]
    assert answer_feedback(question=q, response="99") == ["应在30分钟内到场。"]
    assert answer_feedback(question=q, response="三十") == []
    assert q.accepted_answer_list() == ["30"]


def test_a_numerical_range_and_a_decimal_tolerance():
    q = make("numerical", answers=[ParsedAnswer(value=Decimal("3.14159"), tolerance=Decimal("0.0005"))])
    assert score(q, "3.142") == 2 and score(q, "3.1416") == 2 and score(q, "3.143") == 0
    assert q.accepted_answer_list() == ["3.14159 ± 0.0005"]


def test_feedback_of_options_chosen_and_of_true_or_false():
    q = make(
        "multiple",
        options=[
            ParsedOption("甲", True, None, "甲对。"),
            ParsedOption("乙", True),
            ParsedOption("丙", False, None, "丙错。"),
        ],
    )
    a, b, c = ids(q)
    assert answer_feedback(question=q, response=[a, b, c]) == ["甲对。", "丙错。"]
    tf = make("true_false", correct_true=False, true_feedback="答错了。", false_feedback="答对了。")
    assert answer_feedback(question=tf, response=True) == ["答错了。"]
    assert answer_feedback(question=tf, response=False) == ["答对了。"]
    assert answer_feedback(question=tf, response=None) == []
