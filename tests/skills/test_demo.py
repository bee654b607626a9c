import pytest

from skills import demo
from skills.models import Assessment, Evidence, FollowUp, LevelCriterion, PromotionRecommendation, Rubric

pytestmark = pytest.mark.django_db


def test_demo_builds_a_waiting_promotion_for_the_manager_and_runs_twice_without_duplicates(home_page):
    from courses import demo as courses_demo
    from org import demo as org_demo

    org_demo.build()
    courses_demo.build()
    demo.build()
    counts = [
        m.objects.count() for m in (Evidence, Assessment, FollowUp, LevelCriterion, PromotionRecommendation, Rubric)
    ]
    demo.build()
    assert [
        m.objects.count() for m in (Evidence, Assessment, FollowUp, LevelCriterion, PromotionRecommendation, Rubric)
    ] == counts
    waiting = PromotionRecommendation.objects.get(status="pending", user__username="YG102")
    manager_sites = set(waiting.user.staff_profile.site.managers.values_list("user__username", flat=True))
    assert "manager" in manager_sites
    assert Evidence.objects.filter(kind="practical").exists()
