import datetime as dt
from decimal import Decimal

import pytest

from org.models import StaffProfile
from skills.engine import level_evaluate, levels_evaluate
from skills.models import CriterionKind, EvidenceKind, PromotionRecommendation
from skills.services import evidence_correct, evidence_record, level_record_create
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import StaffProfileFactory
from tests.factories.skills import CompetencyFactory, LevelCriterionFactory, LevelLadderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return StaffProfileFactory(post_since=dt.date(2026, 1, 15), hire_date=dt.date(2025, 6, 1))


@pytest.fixture
def ladder(person):
    return LevelLadderFactory(post=person.post)


def evaluate(profile, today=dt.date(2026, 11, 23)):
    return level_evaluate(profile=StaffProfile.objects.get(pk=profile.pk), today=today)


def record(profile, kind, **fields):
    return evidence_record(user=profile.user, kind=kind, title="x", source_type="test", recommend=False, **fields)


def test_course_completed_criterion_needs_evidence_of_that_course(person, ladder, catalog):
    course, other = CoursePageFactory(parent=catalog), CoursePageFactory(parent=catalog)
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.COURSE_COMPLETED, course=course)
    record(person, EvidenceKind.COURSE, course=other)
    assert not evaluate(person).ready
    record(person, EvidenceKind.COURSE, course=course)
    result = evaluate(person)
    assert result.ready and result.next_level == 1 and result.current_level == 0


@pytest.mark.parametrize(("percent", "met"), [("79.99", False), ("80", True), ("95", True)])
def test_quiz_score_criterion_boundary_is_inclusive(person, ladder, catalog, percent, met):
    quiz = LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.QUIZ_SCORE, page=quiz, threshold=Decimal("80"))
    record(person, EvidenceKind.QUIZ, page=quiz, percent=Decimal("50"))
    record(person, EvidenceKind.QUIZ, page=quiz, percent=Decimal(percent))
    assert evaluate(person).ready is met


@pytest.mark.parametrize(("score", "met"), [("3.9", False), ("4", True)])
def test_scenario_competency_score_boundary(person, ladder, score, met):
    empathize = CompetencyFactory(code="empathize")
    LevelCriterionFactory(
        ladder=ladder, level=1, kind=CriterionKind.SCENARIO_SCORE, competency=empathize, threshold=Decimal("4")
    )
    record(person, EvidenceKind.SCENARIO, competency=CompetencyFactory(code="listen"), score=Decimal("9"))
    record(person, EvidenceKind.SCENARIO, competency=empathize, score=Decimal(score))
    assert evaluate(person).ready is met


def test_practical_assessment_must_be_passed_in_the_named_competency(person, ladder):
    safety = CompetencyFactory(code="safety")
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.PRACTICAL_PASSED, competency=safety)
    record(person, EvidenceKind.PRACTICAL, competency=safety, passed=False)
    record(person, EvidenceKind.PRACTICAL, competency=CompetencyFactory(code="polite_language"), passed=True)
    assert not evaluate(person).ready
    record(person, EvidenceKind.PRACTICAL, competency=safety, passed=True)
    assert evaluate(person).ready


def test_follow_up_rating_uses_the_latest_evaluation(person, ladder):
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.FOLLOW_UP_RATING, threshold=Decimal("4"))
    record(person, EvidenceKind.FOLLOW_UP, rating=Decimal("5"), occurred_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    record(person, EvidenceKind.FOLLOW_UP, rating=Decimal("3"), occurred_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    assert not evaluate(person).ready
    record(person, EvidenceKind.FOLLOW_UP, rating=Decimal("4"), occurred_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    assert evaluate(person).ready


@pytest.mark.parametrize(("today", "met"), [(dt.date(2026, 4, 14), False), (dt.date(2026, 4, 15), True)])
def test_months_in_post_counts_from_post_since_to_the_day(person, ladder, today, met):
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=3)
    assert evaluate(person, today=today).ready is met


def test_months_in_post_falls_back_to_hire_date(ladder):
    profile = StaffProfileFactory(post=ladder.post, post_since=None, hire_date=dt.date(2026, 1, 31))
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=1)
    assert not evaluate(profile, today=dt.date(2026, 2, 27)).ready
    assert evaluate(profile, today=dt.date(2026, 2, 28)).ready


def test_manager_sign_off_is_awaited_not_missing(person, ladder):
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=1)
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MANAGER_SIGN_OFF)
    result = evaluate(person)
    assert result.ready
    assert [c.awaiting_sign_off for c in result.criteria] == [False, True]


def test_a_level_without_criteria_is_never_ready(person, ladder):
    LevelCriterionFactory(ladder=ladder, level=2, kind=CriterionKind.MONTHS_IN_POST, months=0)
    result = evaluate(person)
    assert result.next_level == 1 and not result.ready


def test_next_level_follows_the_level_history_in_the_current_post(person, ladder):
    LevelCriterionFactory(ladder=ladder, level=2, kind=CriterionKind.MONTHS_IN_POST, months=1)
    level_record_create(user=person.user, post=person.post, level=1)
    result = evaluate(person)
    assert (result.current_level, result.next_level, result.ready) == (1, 2, True)


def test_a_criterion_is_lost_when_its_evidence_is_superseded(person, ladder):
    safety = CompetencyFactory(code="safety")
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.PRACTICAL_PASSED, competency=safety)
    entry = record(person, EvidenceKind.PRACTICAL, competency=safety, passed=True)
    assert evaluate(person).ready
    evidence_correct(evidence=entry, corrected_by=person.user, passed=False, note="评分录入错误")
    assert not evaluate(person).ready


def test_a_criterion_is_lost_when_its_evidence_is_withdrawn(person, ladder, catalog):
    course = CoursePageFactory(parent=catalog)
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.COURSE_COMPLETED, course=course)
    entry = record(person, EvidenceKind.COURSE, course=course)
    evidence_correct(evidence=entry, corrected_by=person.user, withdraw=True, note="重复记录")
    result = evaluate(person)
    assert not result.ready and len(result.missing) == 1


def test_regraded_source_supersedes_its_earlier_entry(person, ladder, catalog):
    quiz = LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.QUIZ_SCORE, page=quiz, threshold=Decimal("80"))
    record(person, EvidenceKind.QUIZ, page=quiz, percent=Decimal("90"), source_id="7")
    assert evaluate(person).ready
    record(person, EvidenceKind.QUIZ, page=quiz, percent=Decimal("60"), source_id="7")
    assert not evaluate(person).ready


def test_ready_person_gets_one_waiting_recommendation(person, ladder):
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=0)
    evidence_record(user=person.user, kind=EvidenceKind.COURSE, title="x", source_type="test")
    evidence_record(user=person.user, kind=EvidenceKind.COURSE, title="y", source_type="test")
    assert PromotionRecommendation.objects.filter(user=person.user, status="pending", to_level=1).count() == 1


def test_evaluating_many_people_costs_a_constant_number_of_queries(ladder, django_assert_num_queries):
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=1)
    profiles = [StaffProfileFactory(post=ladder.post) for _ in range(2)]
    with django_assert_num_queries(3):  # the ladders' criteria, level history, evidence
        levels_evaluate(profiles=profiles)
    profiles += [StaffProfileFactory(post=ladder.post) for _ in range(5)]
    with django_assert_num_queries(2):  # the criteria come from the shared cache now
        assert len(levels_evaluate(profiles=profiles)) == 7
