"""The managers' weekly digest: for each manager, their team's overdue training, the follow-up
evaluations due this week and the certificates expiring soon, in one notification a week.

It gathers three apps' facts (courses, skills, certificates), so it lives in the shell, above
them all."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from certificates.models.records import EXPIRING_WITHIN_DAYS
from courses.models import CourseEnrolment
from lms.notices import MANAGER_DIGEST
from notifications.services import NotificationRequest, notifications_send
from org.models import Role, StaffProfile
from org.selectors import staff_managed_by
from skills.models import FollowUp, FollowUpStatus

# Names listed per section; the counts say how many there are in all.
LISTED = 5


def _listed(items: list[str]) -> str:
    if not items:
        return "—"
    more = len(items) - LISTED
    return "、".join(items[:LISTED]) + (f" …(+{more})" if more > 0 else "")


def manager_digest(*, manager: StaffProfile, today: dt.date) -> dict | None:
    """The digest's figures for one manager's team, or None when there is nothing to say."""
    team = staff_managed_by(manager.user).filter(left_at__isnull=True).values("user_id")
    names = dict(staff_managed_by(manager.user).values_list("user_id", "name"))
    overdue = list(
        CourseEnrolment.objects.current()
        .filter(user_id__in=team, completed_at__isnull=True, due_date__lt=today)
        .order_by("due_date", "pk")
        .values_list("user_id", "course__title")
    )
    week_end = today + dt.timedelta(days=7)
    follow_ups = list(
        FollowUp.objects.filter(
            trainee_id__in=team, status=FollowUpStatus.SCHEDULED, due_date__gte=today, due_date__lt=week_end
        )
        .order_by("due_date", "pk")
        .values_list("trainee_id", "course__title")
    )
    expiring = list(
        Certificate.objects.filter(
            user_id__in=team,
            revoked_at__isnull=True,
            renewed_by__isnull=True,
            expires_on__gte=today,
            expires_on__lte=today + dt.timedelta(days=EXPIRING_WITHIN_DAYS),
        )
        .order_by("expires_on", "pk")
        .values_list("holder_name", "achievement", "expires_on")
    )
    if not (overdue or follow_ups or expiring):
        return None
    return {
        "overdue": len(overdue),
        "follow_ups": len(follow_ups),
        "expiring": len(expiring),
        "days": EXPIRING_WITHIN_DAYS,
        "overdue_list": _listed([f"{names.get(user_id, '')}《{title}》" for user_id, title in overdue]),
        "follow_up_list": _listed([f"{names.get(user_id, '')}《{title}》" for user_id, title in follow_ups]),
        "expiring_list": _listed([f"{name}《{title}》{date:%m-%d}" for name, title, date in expiring]),
    }


def manager_digests_send(*, today: dt.date | None = None) -> int:
    """Send each manager with something to report their team's digest, once per ISO week (the
    first run of the week sends it: Monday's, or the next day's if Monday's did not run)."""
    today = today or timezone.localdate()
    year, week, _weekday = today.isocalendar()
    requests = []
    for manager in StaffProfile.objects.filter(role=Role.MANAGER, left_at__isnull=True).select_related("user"):
        figures = manager_digest(manager=manager, today=today)
        if figures is None:
            continue
        requests.append(
            NotificationRequest(
                user_id=manager.user_id,
                key=f"digest:{year}-W{week:02d}",
                notice=MANAGER_DIGEST,
                params=figures,
                url=reverse("skills:dashboard"),
            )
        )
    with transaction.atomic():
        return sum(created for _notification, created in notifications_send(requests=requests))
