"""Facts the skills app announces (core.events). Listeners: settings.LMS_EVENT_LISTENERS."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class SkillLevelApproved:
    """A manager approved a promotion: `user_id` reached `level` (skills.models.SkillLevel, 1 =
    初级 … 4 = 专家) in `post_id` on `awarded_at`."""

    level_record_id: int
    user_id: int
    post_id: int
    level: int
    awarded_at: dt.datetime
    approved_by_id: int | None
