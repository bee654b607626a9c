"""Reads of the skill records a view acts on: evidence, promotion recommendations and personal
goals. A manager reaches only the records of people they manage, a trainee only their own goals;
anything else reads as None, which views answer as not found."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from skills.models import Evidence, PersonalGoal, PromotionRecommendation, PromotionStatus
from skills.selectors.people import managed_staff


def evidence_of(*, viewer: AbstractBaseUser, pk: int) -> Evidence | None:
    """An evidence entry of someone the viewer manages (only they may correct it)."""
    return Evidence.objects.filter(user_id__in=managed_staff(viewer).values("user_id"), pk=pk).first()


def promotion_recommendation_of(*, viewer: AbstractBaseUser, pk: int) -> PromotionRecommendation | None:
    """A promotion recommendation for someone the viewer manages (only they may decide it)."""
    return (
        PromotionRecommendation.objects.filter(user_id__in=managed_staff(viewer).values("user_id"), pk=pk)
        .select_related("user__staff_profile", "post")
        .first()
    )


def pending_promotions_of(*, viewer: AbstractBaseUser) -> QuerySet[PromotionRecommendation]:
    """Promotions waiting for a decision among the people the viewer manages, with each
    person's profile and the post they would move to, so the list costs one query."""
    return PromotionRecommendation.objects.filter(
        user_id__in=managed_staff(viewer).values("user_id"), status=PromotionStatus.PENDING
    ).select_related("user__staff_profile", "post")


def personal_goal_of(*, user: AbstractBaseUser, pk: int) -> PersonalGoal | None:
    """One of the user's own goals: goals are private to the person who set them."""
    return PersonalGoal.objects.filter(user=user, pk=pk).first()
