"""What the project shell tells people (notifications.messages.Notice): the managers' weekly
digest, which gathers several apps' facts."""

from django.utils.translation import gettext_lazy as _

from notifications.messages import Kind, Notice

MANAGER_DIGEST = Notice(
    id="lms.manager_digest",
    kind=Kind.DIGEST,
    title=_(
        "Your team this week: %(overdue)s overdue, %(follow_ups)s follow-ups due, %(expiring)s certificates expiring"
    ),
    body=_(
        "Overdue training: %(overdue_list)s\n"
        "Follow-ups due this week: %(follow_up_list)s\n"
        "Certificates expiring within %(days)s days: %(expiring_list)s"
    ),
)
