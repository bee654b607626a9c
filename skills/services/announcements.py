"""Notifications the skills app sends about its own facts: a promotion waiting for a decision, a
promotion approved, an export ready. Each once per item and step (the notification's key)."""

from django.db.models import Q
from django.urls import reverse

from notifications.services import NotificationRequest, notification_send, notifications_send
from org.models import Role, StaffProfile
from skills.models import DashboardExport, PromotionRecommendation
from skills.notices import EXPORT_READY, PROMOTION_APPROVED, PROMOTION_RECOMMENDED


def promotion_deciders(*, profile: StaffProfile) -> list[int]:
    """Who can decide the person's promotion: their own manager; else the managers whose scope
    covers their site or department; else HR."""
    if profile.manager_id and profile.manager.left_at is None:
        return [profile.manager.user_id]
    active = StaffProfile.objects.filter(left_at__isnull=True, erased_at__isnull=True).exclude(pk=profile.pk)
    managers = list(
        active.filter(role=Role.MANAGER)
        .filter(Q(managed_sites=profile.site_id) | Q(managed_departments=profile.department_id))
        .values_list("user_id", flat=True)
        .distinct()
    )
    return managers or list(active.filter(role=Role.HR_ADMIN).values_list("user_id", flat=True))


def promotion_recommended_notify(*, recommendation: PromotionRecommendation, profile: StaffProfile) -> None:
    params = {
        "name": profile.name,
        "level": recommendation.to_level,
        "post": profile.post.name if profile.post_id else "",
    }
    notifications_send(
        requests=[
            NotificationRequest(
                user_id=user_id,
                key=f"promotion:{recommendation.pk}:recommended",
                notice=PROMOTION_RECOMMENDED,
                params=params,
                url=reverse("skills:promotions"),
            )
            for user_id in promotion_deciders(profile=profile)
        ]
    )


def promotion_approved_notify(*, recommendation: PromotionRecommendation) -> None:
    notification_send(
        user_id=recommendation.user_id,
        key=f"promotion:{recommendation.pk}:approved",
        notice=PROMOTION_APPROVED,
        params={"level": recommendation.to_level, "post": recommendation.post.name},
        url=reverse("skills:mine"),
    )


def dashboard_export_ready_notify(*, export: DashboardExport) -> None:
    notification_send(
        user_id=export.requested_by_id,
        key=f"dashboard_export:{export.pk}:ready",
        notice=EXPORT_READY,
        params={"rows": export.rows},
        url=reverse("skills:exports"),
    )
