"""What the regulation register tells people (notifications.messages.Notice)."""

from django.utils.translation import gettext_lazy as _

from notifications.messages import Kind, Notice

REGULATION_REFRESHER = Notice(
    id="regulations.refresher",
    kind=Kind.COURSE_DUE,
    title=_("Refresher: %(regulation)s has changed"),
    body=_(
        "%(regulation)s (version %(version)s, in force from %(effective)s) changed %(clauses)s: %(summary)s "
        "The course “%(course)s” was revised for it. Please take it again by %(due)s."
    ),
)
