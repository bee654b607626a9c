"""Read quiz attempts and scenario runs without importing their apps' models.

The quizzes and scenarios apps are built alongside this one, so their attribute names are read
defensively: the adapter tries the likely names and reduces each event to the few facts the
evidence log needs. Tests feed it plain objects."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation


def _first(obj, *names, default=None):
    for name in names:
        value = getattr(obj, name, None)
        if callable(value) and not hasattr(value, "_meta"):
            try:
                value = value()
            except TypeError:
                continue
        if value is not None:
            return value
    return default


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _page_of(obj):
    page = _first(obj, "page", "quiz", "quiz_page", "scenario", "scenario_page")
    return page if page is not None and hasattr(page, "pk") and hasattr(page, "title") else None


@dataclass
class QuizResult:
    user: object
    page: object | None
    percent: Decimal | None
    score: Decimal | None
    passed: bool | None
    source_id: str


@dataclass
class ScenarioResult:
    user: object
    page: object | None
    scores: dict[str, Decimal] = field(default_factory=dict)
    percents: dict[str, Decimal] = field(default_factory=dict)
    passed: bool | None = None
    source_id: str = ""


def quiz_result_from(attempt) -> QuizResult:
    score = _decimal(_first(attempt, "score", "points"))
    percent = _decimal(_first(attempt, "percent", "score_percent", "percentage"))
    if percent is None:
        maximum = _decimal(_first(attempt, "max_score", "max_points", "total_points"))
        if score is not None and maximum:
            percent = (100 * score / maximum).quantize(Decimal("0.01"))
        elif score is not None and score <= 100:
            percent = score  # quizzes score in percent unless they say otherwise
    passed = _first(attempt, "passed", "is_passed", "has_passed")
    return QuizResult(
        user=attempt.user,
        page=_page_of(attempt),
        percent=percent,
        score=score,
        passed=bool(passed) if passed is not None else None,
        source_id=str(attempt.pk),
    )


def scenario_result_from(run) -> ScenarioResult:
    raw = _first(run, "competency_scores", "scores", "score_by_competency") or {}
    maxima = _first(run, "competency_max_scores", "max_scores") or {}
    scores: dict[str, Decimal] = {}
    percents: dict[str, Decimal] = {}
    if isinstance(raw, dict):
        for code, value in raw.items():
            number = _decimal(value)
            if number is None:
                continue
            scores[str(code)] = number
            maximum = _decimal(maxima.get(code)) if isinstance(maxima, dict) else None
            # Scenario scores are points summed along the path, on no fixed scale: only a run
            # that states its maxima gets a percentage (and so a colour in the skill matrix).
            if maximum:
                percents[str(code)] = (100 * number / maximum).quantize(Decimal("0.01"))
    passed = _first(run, "passed", "is_passed")
    return ScenarioResult(
        user=run.user,
        page=_page_of(run),
        scores=scores,
        percents=percents,
        passed=bool(passed) if passed is not None else None,
        source_id=str(run.pk),
    )
