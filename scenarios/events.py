"""Facts the scenarios app announces (core.events). Listeners: settings.LMS_EVENT_LISTENERS."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, kw_only=True)
class ScenarioRunFinished:
    """A play of a scenario reached an end node (or its drill clock ran out).

    `competency_scores` are the points the path earned per competency code; scenario scores have
    no fixed scale, so `competency_percents` holds a percentage only for the competencies whose
    maximum the scenario states."""

    run_id: int
    user_id: int
    scenario_id: int
    scenario_title: str
    course_id: int | None
    passed: bool
    finished_at: dt.datetime
    competency_scores: Mapping[str, Decimal] = field(default_factory=dict)
    competency_percents: Mapping[str, Decimal] = field(default_factory=dict)
