"""What the operations app tells people (notifications.messages.Notice)."""

from django.utils.translation import gettext_lazy as _

from notifications.messages import Kind, Notice

RETRAINING_ASSIGNED = Notice(
    id="operations.retraining_assigned",
    kind=Kind.COURSE_DUE,
    title=_("Refresher assigned: %(course)s"),
    body=_("You have been assigned the refresher “%(course)s”. Why: %(reason)s"),
)
