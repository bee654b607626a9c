from decimal import Decimal

import pytest

from quizzes.grading import (
    grade_choice_multiple,
    grade_choice_single,
    grade_fill_in,
    grade_true_false,
    normalise_text,
)

TWO = Decimal("2")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("１１９", "119"),
        ("ＬＥＡＲＮ", "learn"),
        ("  Learn  model ", "learnmodel"),
        ("首问\u3000负责制", "首问负责制"),
        ("首问负责制。", "首问负责制"),
    ],
)
def test_normalise_folds_width_case_and_spaces(typed, expected):
    assert normalise_text(typed) == expected


def test_fill_in_accepts_any_listed_answer_after_normalisation():
    accepted = ["首问负责制", "首问责任制"]
    assert grade_fill_in(response=" 首问 责任制 ", accepted=accepted, points=TWO).score == TWO
    assert grade_fill_in(response="首问", accepted=accepted, points=TWO).score == 0
    assert grade_fill_in(response="", accepted=accepted, points=TWO).is_correct is False
    assert grade_fill_in(response="１１９", accepted=["119"], points=TWO).is_correct is True
    assert grade_fill_in(response=None, accepted=["119"], points=TWO).score == 0


def test_single_choice_needs_exactly_the_correct_option():
    assert grade_choice_single(response=[5], correct_ids={5}, points=TWO).score == TWO
    assert grade_choice_single(response=[6], correct_ids={5}, points=TWO).score == 0
    assert grade_choice_single(response=[], correct_ids={5}, points=TWO).is_correct is False
    assert grade_choice_single(response="5", correct_ids={5}, points=TWO).score == 0


ALL = {1, 2, 3, 4}
CORRECT = {1, 2, 3}


@pytest.mark.parametrize(
    ("rule", "chosen", "expected"),
    [
        ("all_or_nothing", [1, 2, 3], "2"),
        ("all_or_nothing", [1, 2], "0"),
        ("half_for_subset", [1, 2, 3], "2"),
        ("half_for_subset", [1], "1"),
        ("half_for_subset", [1, 2], "1"),
        ("half_for_subset", [1, 4], "0"),
        ("half_for_subset", [], "0"),
        ("proportional", [1, 2], "1.33"),
        ("proportional", [1, 2, 4], "0.67"),
        ("proportional", [4], "0"),
        ("proportional", [1, 2, 3, 4], "1.33"),
    ],
)
def test_multiple_choice_partial_credit_rules(rule, chosen, expected):
    grade = grade_choice_multiple(response=chosen, correct_ids=CORRECT, all_ids=ALL, points=TWO, rule=rule)
    assert grade.score == Decimal(expected)
    assert grade.is_correct is (set(chosen) == CORRECT)


def test_true_false_needs_a_boolean():
    assert grade_true_false(response=True, correct_true=True, points=TWO).score == TWO
    assert grade_true_false(response=False, correct_true=True, points=TWO).score == 0
    assert grade_true_false(response="true", correct_true=True, points=TWO).score == 0
