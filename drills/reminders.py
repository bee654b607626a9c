"""Reminders to the managers of a site whose drill is due or overdue, through the notification
service. Each manager is told once per site, drill type, last drill held and step (due soon, then
overdue): the notification's key decides, so the daily run, a second scheduler or a retried task
sends nothing twice, and a drill held moves the due date and starts a new round."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from drills.notices import DRILL_DUE_SOON, DRILL_OVERDUE
from drills.selectors import DueStatus, drills_due
from notifications.services import NotificationRequest, notifications_send
from org.models import Role, Site, StaffProfile


def drill_due_reminders_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Tell each site's managers about each required drill that is due within the selector's
    window or overdue. Returns how many notifications each step made."""
    today = today or timezone.localdate()
    rows = drills_due(sites=Site.objects.all(), today=today, only_attention=True)
    if not rows:
        return {"due_soon": 0, "overdue": 0}
    managers: dict[int, list[int]] = {}
    for user_id, site_id in StaffProfile.objects.filter(
        role=Role.MANAGER, left_at__isnull=True, managed_sites__in={row.site.pk for row in rows}
    ).values_list("user_id", "managed_sites"):
        managers.setdefault(site_id, []).append(user_id)
    link = reverse("drills:overview")
    requests: dict[str, list[NotificationRequest]] = {"due_soon": [], "overdue": []}
    for row in rows:
        step = "overdue" if row.status == DueStatus.OVERDUE else "due_soon"
        # Keyed by the last drill held, not the due date (which is "today" for a site that never
        # held one and would remind every day).
        since = f"{row.last_held_on:%Y%m%d}" if row.last_held_on else "never"
        for user_id in managers.get(row.site.pk, []):
            requests[step].append(
                NotificationRequest(
                    user_id=user_id,
                    key=f"drill_due:{row.site.pk}:{row.drill_type.pk}:{since}:{step}",
                    notice=DRILL_OVERDUE if step == "overdue" else DRILL_DUE_SOON,
                    params={"site": row.site.name, "drill": row.drill_type.name, "due": row.due_on.isoformat()},
                    url=link,
                )
            )
    made = {}
    for step, batch in requests.items():
        with transaction.atomic():
            made[step] = sum(created for _notification, created in notifications_send(requests=batch))
    return made
