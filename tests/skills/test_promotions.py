import datetime as dt

import pytest

from skills.models import CriterionKind, EvidenceKind, LevelRecord, PromotionRecommendation, PromotionStatus
from skills.services import evidence_correct, evidence_record, promotion_decide, promotion_recommendations_refresh
from skills.services.levels import PromotionNoLongerReady
from skills.tasks import promotion_recommendations
from tests.factories.org import ManagerFactory, StaffProfileFactory
from tests.factories.skills import CompetencyFactory, LevelCriterionFactory, LevelLadderFactory

pytestmark = pytest.mark.django_db


def test_approval_is_refused_when_the_evidence_behind_it_was_corrected():
    person = StaffProfileFactory()
    ladder = LevelLadderFactory(post=person.post)
    safety = CompetencyFactory(code="safety")
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.PRACTICAL_PASSED, competency=safety)
    entry = evidence_record(
        user=person.user, kind=EvidenceKind.PRACTICAL, title="x", source_type="t", competency=safety, passed=True
    )
    recommendation = PromotionRecommendation.objects.get(user=person.user)
    evidence_correct(evidence=entry, corrected_by=person.user, passed=False, note="复核")
    with pytest.raises(PromotionNoLongerReady):
        promotion_decide(recommendation=recommendation, decided_by=ManagerFactory().user, approve=True)
    recommendation.refresh_from_db()
    assert recommendation.status == PromotionStatus.PENDING and not LevelRecord.objects.exists()


def test_the_daily_refresh_finds_people_whose_time_in_post_has_come_once(settings):
    ladder = LevelLadderFactory()
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=6)
    old = StaffProfileFactory(post=ladder.post, post_since=dt.date(2020, 1, 1))
    StaffProfileFactory(post=ladder.post, post_since=dt.date(2099, 1, 1))
    assert promotion_recommendations.enqueue().return_value == 1
    assert promotion_recommendations_refresh() == 0
    assert list(PromotionRecommendation.objects.values_list("user_id", flat=True)) == [old.user_id]


def test_after_approval_the_next_level_is_evaluated():
    person = StaffProfileFactory(post_since=dt.date(2020, 1, 1))
    ladder = LevelLadderFactory(post=person.post)
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=1)
    LevelCriterionFactory(ladder=ladder, level=2, kind=CriterionKind.MONTHS_IN_POST, months=2)
    promotion_recommendations_refresh()
    first = PromotionRecommendation.objects.get()
    promotion_decide(recommendation=first, decided_by=ManagerFactory().user, approve=True)
    assert PromotionRecommendation.objects.filter(status=PromotionStatus.PENDING, to_level=2).count() == 1
