"""What the project shell tells people (notifications.messages.Notice): the managers' weekly
digest, which gathers several apps' facts."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from notifications.messages import Kind, Notice, Parts

MANAGER_DIGEST = Notice(
    id="lms.manager_digest",
    kind=Kind.DIGEST,
    title=Parts(
        template=_("Your team this week: %(parts)s"),
        parts=(
            _("%(overdue)s overdue"),
            ngettext_lazy("%(follow_ups)s follow-up due", "%(follow_ups)s follow-ups due", "follow_ups"),
            ngettext_lazy("%(expiring)s certificate expiring", "%(expiring)s certificates expiring", "expiring"),
        ),
        separator=pgettext_lazy("between the parts of a sentence", ", "),
    ),
    body=_(
        "Overdue training: %(overdue_list)s\n"
        "Follow-ups due this week: %(follow_up_list)s\n"
        "Certificates expiring within %(days)s days: %(expiring_list)s"
    ),
)
