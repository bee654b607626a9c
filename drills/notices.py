"""What the drills app tells people (notifications.messages.Notice): a site's drill coming due or
overdue, sent to the site's managers. Notifications have no kind of their own for drills yet (a
new kind needs a notifications migration): they go with training due or overdue, which the
managers' channel choices already cover."""

from django.utils.translation import gettext_lazy as _

from notifications.messages import Kind, Notice

DRILL_DUE_SOON = Notice(
    id="drills.drill_due_soon",
    kind=Kind.COURSE_DUE,
    title=_("Drill due by %(due)s: %(drill)s at %(site)s"),
    body=_("%(site)s must hold a %(drill)s drill by %(due)s. Plan it on the drills page."),
)
DRILL_OVERDUE = Notice(
    id="drills.drill_overdue",
    kind=Kind.COURSE_DUE,
    title=_("Drill overdue: %(drill)s at %(site)s"),
    body=_("%(site)s was due to hold a %(drill)s drill by %(due)s. Plan it as soon as you can."),
)
