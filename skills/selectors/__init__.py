"""Every non-trivial read of the skills app, always through org.selectors' scope rule."""

from skills.selectors.dashboard import Dashboard, dashboard_build  # noqa: F401
from skills.selectors.evaluation import (  # noqa: F401
    assessment_with_photo_of,
    completed_enrolment_of,
    follow_up_objectives,
    follow_up_of,
    rubric_active_of,
)
from skills.selectors.exports import (  # noqa: F401
    dashboard_export_filter_labels,
    dashboard_export_of,
    dashboard_exports_of,
)
from skills.selectors.people import (  # noqa: F401
    assessable_profile_of,
    assessable_staff,
    managed_staff,
    my_skills,
    person_page,
    person_skills,
    staff_profile_own,
    user_is_assessable_by,
)
from skills.selectors.records import (  # noqa: F401
    evidence_of,
    pending_promotions_of,
    personal_goal_of,
    promotion_recommendation_of,
)
from skills.selectors.reports import course_report, reportable_course_of, reportable_courses  # noqa: F401
