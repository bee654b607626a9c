"""Scoring of one answer, by question type. Pure functions: no queries, no writes, so every rule
is tested on its own and the submit service only sums what these return."""

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from quizzes.models.bank import QuestionType
from quizzes.models.pages import MultipleChoiceScoring

_SPACES = re.compile(r"\s+")
TWO_PLACES = Decimal("0.01")


def normalise_text(value: str, *, case_sensitive: bool = False) -> str:
    """Fill-in answers compare equal whatever the input method typed: NFKC folds full-width
    letters, digits and punctuation to half-width (Ｌｅａｒｎ → Learn, １１９ → 119); case is folded
    (unless the question is case-sensitive); all spaces (including the ideographic space) are
    removed; a trailing full stop is ignored."""
    text = unicodedata.normalize("NFKC", value or "")
    if not case_sensitive:
        text = text.casefold()
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


def grade_fill_in(*, response, accepted: list[str], points: Decimal, case_sensitive: bool = False) -> Grade:
    given = normalise_text(response if isinstance(response, str) else "", case_sensitive=case_sensitive)
    ok = bool(given) and given in {normalise_text(a, case_sensitive=case_sensitive) for a in accepted}
    return Grade(score=points if ok else Decimal("0"), is_correct=ok)


def _share(points: Decimal, fraction: Decimal) -> Decimal:
    """`fraction` percent of `points`, never below zero nor above the question's points."""
    return _q(min(points, max(Decimal("0"), points * Decimal(fraction) / 100)))


def _option_fraction(option) -> Decimal:
    if option.fraction is not None:
        return Decimal(option.fraction)
    return Decimal("100") if option.is_correct else Decimal("0")


def grade_choice_weighted(*, response, options: list, single: bool, points: Decimal) -> Grade:
    """Options that carry shares of the points are scored as Moodle scores them: a single choice
    earns the share of the chosen option; a multiple choice adds the shares of every option
    chosen (wrong options carry negative shares), between nothing and all the points. Correct
    means all the points."""
    chosen = _as_id_set(response) & {o.pk for o in options}
    if single and len(chosen) > 1:
        chosen = set()
    total = sum((_option_fraction(o) for o in options if o.pk in chosen), Decimal("0"))
    score = _share(points, total)
    return Grade(score=score, is_correct=bool(chosen) and score == _q(points))


def _answer_pattern(text: str, *, case_sensitive: bool) -> re.Pattern:
    """Moodle's short-answer matching: `*` stands for any characters (`\\*` for a star itself),
    the rest compares after normalisation."""
    pieces = text.replace("\\*", "\x00").split("*")
    folded = [unicodedata.normalize("NFKC", p.replace("\x00", "*")) for p in pieces]
    folded = [_SPACES.sub("", p if case_sensitive else p.casefold()) for p in folded]
    folded[-1] = folded[-1].rstrip("。.")
    return re.compile(".*".join(re.escape(p) for p in folded), re.S)


def matching_text_answer(*, answers: list, response, case_sensitive: bool):
    """The first answer row a fill-in response matches, or None (an empty response matches none)."""
    given = normalise_text(response if isinstance(response, str) else "", case_sensitive=case_sensitive)
    if not given:
        return None
    for answer in answers:
        if answer.text.strip() and _answer_pattern(answer.text.strip(), case_sensitive=case_sensitive).fullmatch(given):
            return answer
    return None


_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(value) -> Decimal | None:
    """A typed number: full-width digits and signs are folded (NFKC), spaces dropped, and commas
    accepted only as thousands separators (1,200). Anything else, or not finite, is no number."""
    if isinstance(value, bool) or value is None:
        return None
    text = _SPACES.sub("", unicodedata.normalize("NFKC", str(value))).replace("−", "-")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def matching_numeric_answer(*, answers: list, response):
    """The first answer row a number falls within (value ± tolerance), or the catch-all `*` row
    for any other number; None when the response is not a number."""
    number = parse_number(response)
    if number is None:
        return None
    for answer in answers:
        if answer.value is None:
            if answer.is_catch_all:
                return answer
            continue
        if abs(number - Decimal(answer.value)) <= abs(Decimal(answer.tolerance or 0)):
            return answer
    return None


def _graded_by_row(row, points: Decimal) -> Grade:
    if row is None:
        return Grade(score=Decimal("0"), is_correct=False)
    return Grade(score=_share(points, Decimal(row.fraction)), is_correct=Decimal(row.fraction) >= 100)


def grade_answer(*, question, response, rule: str) -> Grade:
    """Grade one response to `question` (options and answer rows prefetched)."""
    points = Decimal(question.points)
    if question.qtype == QuestionType.ESSAY:
        if response is None or (isinstance(response, str) and not response.strip()):
            return Grade(score=Decimal("0"), is_correct=False)  # nothing to mark
        return Grade(score=None, is_correct=None)
    if question.qtype == QuestionType.TRUE_FALSE:
        return grade_true_false(response=response, correct_true=bool(question.correct_true), points=points)
    if question.qtype == QuestionType.NUMERICAL:
        return _graded_by_row(matching_numeric_answer(answers=question.answer_rows(), response=response), points)
    if question.qtype == QuestionType.FILL_IN:
        rows = question.answer_rows()
        if rows:
            row = matching_text_answer(answers=rows, response=response, case_sensitive=question.case_sensitive)
            return _graded_by_row(row, points)
        return grade_fill_in(
            response=response,
            accepted=question.accepted_answer_list(),
            points=points,
            case_sensitive=question.case_sensitive,
        )
    options = list(question.options.all())
    if any(o.fraction is not None for o in options):
        return grade_choice_weighted(
            response=response, options=options, single=question.qtype == QuestionType.SINGLE, points=points
        )
    correct_ids = {o.pk for o in options if o.is_correct}
    if question.qtype == QuestionType.SINGLE:
        return grade_choice_single(response=response, correct_ids=correct_ids, points=points)
    return grade_choice_multiple(
        response=response, correct_ids=correct_ids, all_ids={o.pk for o in options}, points=points, rule=rule
    )


def answer_feedback(*, question, response) -> list[str]:
    """The feedback written for the answer the trainee gave (Moodle's specific feedback): of each
    option chosen, of the answer true or false, of the fill-in or numerical answer row matched."""
    if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        chosen = _as_id_set(response)
        return [o.feedback for o in question.options.all() if o.pk in chosen and o.feedback]
    if question.qtype == QuestionType.TRUE_FALSE:
        if not isinstance(response, bool):
            return []
        text = question.true_feedback if response else question.false_feedback
        return [text] if text else []
    if question.qtype == QuestionType.NUMERICAL:
        row = matching_numeric_answer(answers=question.answer_rows(), response=response)
    elif question.qtype == QuestionType.FILL_IN:
        rows = question.answer_rows()
        row = matching_text_answer(answers=rows, response=response, case_sensitive=question.case_sensitive)
    else:
        row = None
    return [row.feedback] if row is not None and row.feedback else []


def _as_id_set(response) -> set[int]:
    if isinstance(response, bool) or response is None:
        return set()
    if isinstance(response, int):
        return {response}
    if isinstance(response, list):
        return {int(x) for x in response if isinstance(x, int) and not isinstance(x, bool)}
    return set()
