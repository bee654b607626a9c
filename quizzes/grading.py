"""Scoring of one answer, by question type. Pure functions: no queries, no writes, so every rule
is tested on its own and the submit service only sums what these return."""

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from quizzes.models.bank import QuestionType
from quizzes.models.pages import MultipleChoiceScoring

_SPACES = re.compile(r"\s+")
TWO_PLACES = Decimal("0.01")


def normalise_text(value: str) -> str:
    """Fill-in answers compare equal whatever the input method typed: NFKC folds full-width
    letters, digits and punctuation to half-width (Ｌｅａｒｎ → Learn, １１９ → 119); case is folded;
    all spaces (including the ideographic space) are removed; a trailing full stop is ignored."""
    text = unicodedata.normalize("NFKC", value or "").casefold()
    text = _SPACES.sub("", text)
    return text.rstrip("。.")


@dataclass(frozen=True)
class Grade:
    score: Decimal | None  # None: waits for a trainer (essay)
    is_correct: bool | None


def _q(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def grade_choice_single(*, response, correct_ids: set[int], points: Decimal) -> Grade:
    chosen = _as_id_set(response)
    ok = bool(chosen) and chosen == correct_ids
    return Grade(score=points if ok else Decimal("0"), is_correct=ok)


def grade_choice_multiple(*, response, correct_ids: set[int], all_ids: set[int], points: Decimal, rule: str) -> Grade:
    """Multiple choice, by the quiz's rule:
    - all_or_nothing: full marks only for exactly the correct set;
    - half_for_subset (the usual Chinese exam rule, 少选得一半, 错选不得分): exactly right → full;
      a non-empty subset of the correct options with no wrong one → half; any wrong option → 0;
    - proportional: each correct option chosen earns points/k (k = number of correct options),
      each wrong option chosen subtracts points/k; never below zero.
    Only an exact match counts as "correct" for item analysis."""
    chosen = _as_id_set(response) & all_ids
    if chosen == correct_ids:
        return Grade(score=points, is_correct=True)
    wrong = chosen - correct_ids
    right = chosen & correct_ids
    if rule == MultipleChoiceScoring.HALF_FOR_SUBSET:
        score = points / 2 if right and not wrong else Decimal("0")
    elif rule == MultipleChoiceScoring.PROPORTIONAL:
        share = points / len(correct_ids) if correct_ids else Decimal("0")
        score = max(Decimal("0"), share * len(right) - share * len(wrong))
    else:
        score = Decimal("0")
    return Grade(score=_q(score), is_correct=False)


def grade_true_false(*, response, correct_true: bool, points: Decimal) -> Grade:
    if not isinstance(response, bool):
        return Grade(score=Decimal("0"), is_correct=False)
    ok = response is correct_true
    return Grade(score=points if ok else Decimal("0"), is_correct=ok)


def grade_fill_in(*, response, accepted: list[str], points: Decimal) -> Grade:
    given = normalise_text(response if isinstance(response, str) else "")
    ok = bool(given) and given in {normalise_text(a) for a in accepted}
    return Grade(score=points if ok else Decimal("0"), is_correct=ok)


def grade_answer(*, question, response, rule: str) -> Grade:
    """Grade one response to `question` (options prefetched)."""
    points = Decimal(question.points)
    if question.qtype == QuestionType.ESSAY:
        if response is None or (isinstance(response, str) and not response.strip()):
            return Grade(score=Decimal("0"), is_correct=False)  # nothing to mark
        return Grade(score=None, is_correct=None)
    if question.qtype == QuestionType.TRUE_FALSE:
        return grade_true_false(response=response, correct_true=bool(question.correct_true), points=points)
    if question.qtype == QuestionType.FILL_IN:
        return grade_fill_in(response=response, accepted=question.accepted_answer_list(), points=points)
    options = list(question.options.all())
    correct_ids = {o.pk for o in options if o.is_correct}
    if question.qtype == QuestionType.SINGLE:
        return grade_choice_single(response=response, correct_ids=correct_ids, points=points)
    return grade_choice_multiple(
        response=response, correct_ids=correct_ids, all_ids={o.pk for o in options}, points=points, rule=rule
    )


def _as_id_set(response) -> set[int]:
    if isinstance(response, bool) or response is None:
        return set()
    if isinstance(response, int):
        return {response}
    if isinstance(response, list):
        return {int(x) for x in response if isinstance(x, int) and not isinstance(x, bool)}
    return set()
