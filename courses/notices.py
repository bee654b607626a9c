"""What the courses app tells people (notifications.messages.Notice): training coming due or
overdue, and a programme day starting."""

from django.utils.translation import gettext_lazy as _

from notifications.messages import Kind, Notice

COURSE_DUE_SOON = Notice(
    id="courses.course_due_soon",
    kind=Kind.COURSE_DUE,
    title=_("Training due on %(due)s: %(course)s"),
    body=_("Please finish “%(course)s” by %(due)s."),
)
COURSE_OVERDUE = Notice(
    id="courses.course_overdue",
    kind=Kind.COURSE_DUE,
    title=_("Training overdue: %(course)s"),
    body=_("“%(course)s” was due on %(due)s. Please finish it as soon as you can."),
)
PROGRAMME_DAY = Notice(
    id="courses.programme_day",
    kind=Kind.ONBOARDING,
    title=_("Day %(day)s of %(programme)s starts today"),
    body=_("Today: %(courses)s."),
)
