"""What the skills app tells people (notifications.messages.Notice)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from notifications.messages import Kind, Notice

FOLLOW_UP_DUE = Notice(
    id="skills.follow_up_due",
    kind=Kind.FOLLOW_UP,
    title=_("Follow-up evaluation due: %(name)s, %(course)s"),
    body=_(
        "The +%(m)s-month follow-up evaluation of %(name)s after “%(course)s” is due on %(due)s. "
        "Please record it on the manager dashboard."
    ),
)
FOLLOW_UP_OVERDUE = Notice(
    id="skills.follow_up_overdue",
    kind=Kind.FOLLOW_UP,
    title=_("Follow-up evaluation overdue: %(name)s, %(course)s"),
    body=_(
        "The +%(m)s-month follow-up evaluation of %(name)s after “%(course)s” is due on %(due)s. "
        "Please record it on the manager dashboard."
    ),
)
FOLLOW_UP_ESCALATED = Notice(
    id="skills.follow_up_escalated",
    kind=Kind.FOLLOW_UP,
    title=ngettext_lazy(
        "Escalation: follow-up evaluation of %(name)s is %(days)s day late",
        "Escalation: follow-up evaluation of %(name)s is %(days)s days late",
        "days",
    ),
    body=_(
        "The +%(m)s-month follow-up evaluation of %(name)s after “%(course)s” is due on %(due)s. "
        "Please record it on the manager dashboard."
    ),
)
EXPORT_READY = Notice(
    id="skills.export_ready",
    kind=Kind.EXPORT,
    title=ngettext_lazy("Your export is ready: %(rows)s row", "Your export is ready: %(rows)s rows", "rows"),
    body=_("The Excel export you asked for is ready to download for a week."),
)
PROMOTION_RECOMMENDED = Notice(
    id="skills.promotion_recommended",
    kind=Kind.PROMOTION,
    title=_("Promotion to decide: %(name)s, level %(level)s in %(post)s"),
    body=_("%(name)s meets every criterion of level %(level)s in %(post)s. Please approve or reject it."),
)
PROMOTION_APPROVED = Notice(
    id="skills.promotion_approved",
    kind=Kind.PROMOTION,
    title=_("Promotion approved: level %(level)s in %(post)s"),
    body=_("Congratulations: you reached level %(level)s in %(post)s."),
)
