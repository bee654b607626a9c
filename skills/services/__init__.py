"""Every write of the skills app. Import from the submodules; the names are re-exported here."""

from skills.services.assessments import assessment_record  # noqa: F401
from skills.services.evidence import evidence_correct, evidence_record  # noqa: F401
from skills.services.exports import (  # noqa: F401
    dashboard_export_build,
    dashboard_export_open,
    dashboard_export_request,
    dashboard_exports_expire,
    dashboard_exports_stuck_fail,
)
from skills.services.follow_ups import (  # noqa: F401
    course_reaction_submit,
    follow_up_evaluate,
    follow_up_reminders_send,
    follow_ups_schedule,
)
from skills.services.levels import (  # noqa: F401
    goal_achieve,
    goal_set,
    level_record_create,
    level_sign_off,
    points_credit,
    promotion_decide,
    promotion_recommendations_refresh,
    skill_level_recommend,
)
