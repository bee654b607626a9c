"""Facts the fieldwork app announces (core.events). Listeners: settings.LMS_EVENT_LISTENERS."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, kw_only=True)
class FieldRecordReviewed:
    """A reviewer scored `user_id`'s field record of task `task_name`: `score` of `max_score`
    (`percent`), `passed` by the task's pass mark. `competency_code` names the competency it shows
    ("" for none)."""

    record_id: int
    user_id: int
    reviewer_id: int
    task_name: str
    competency_code: str
    score: Decimal
    max_score: int
    percent: Decimal
    passed: bool
    reviewed_at: dt.datetime
