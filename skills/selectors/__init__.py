"""Every non-trivial read of the skills app, always through org.selectors' scope rule."""

from skills.selectors.dashboard import Dashboard, dashboard_build  # noqa: F401
from skills.selectors.exports import (  # noqa: F401
    dashboard_export_filter_labels,
    dashboard_export_of,
    dashboard_exports_of,
)
from skills.selectors.people import (  # noqa: F401
    assessable_staff,
    managed_staff,
    my_skills,
    person_skills,
)
from skills.selectors.reports import course_report, reportable_courses  # noqa: F401
