"""The level gate with several criteria per level (skills/engine.py): a person is ready for the
next level only when EVERY criterion of that level holds, and the result names each one still
missing. The single-criterion tests in test_engine.py cannot tell "all" from "any"; these can."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from org.models import StaffProfile
from skills.engine import level_evaluate
from skills.models import CriterionKind, EvidenceKind, LevelCriterion, PromotionRecommendation
from skills.services import evidence_record, skill_level_recommend
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import StaffProfileFactory
from tests.factories.skills import CompetencyFactory, LevelCriterionFactory, LevelLadderFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)  # ten months after post_since
TOO_SOON = dt.date(2026, 3, 1)  # one month after post_since: the months criterion fails


@dataclass
class Level1:
    """A person and the four criteria of level 1 on their post's ladder."""

    person: StaffProfile
    course: LevelCriterion
    quiz: LevelCriterion
    practical: LevelCriterion
    months: LevelCriterion

    def criterion(self, name: str) -> LevelCriterion:
        return getattr(self, name)

    def meet(self, *, skip: str | None = None) -> None:
        """Record the evidence for every criterion but `skip` (months in post is met by the date)."""
        if skip != "course":
            self.record(EvidenceKind.COURSE, course=self.course.course)
        if skip != "quiz":
            self.record(EvidenceKind.QUIZ, page=self.quiz.page, percent=Decimal("90"))
        if skip != "practical":
            self.record(EvidenceKind.PRACTICAL, competency=self.practical.competency, passed=True)

    def record(self, kind: str, **fields) -> None:
        evidence_record(user=self.person.user, kind=kind, title="x", source_type="test", recommend=False, **fields)

    def evaluate(self, today: dt.date = TODAY):
        return level_evaluate(profile=StaffProfile.objects.get(pk=self.person.pk), today=today)


@pytest.fixture
def level1(catalog) -> Level1:
    person = StaffProfileFactory(post_since=dt.date(2026, 1, 15), hire_date=dt.date(2025, 6, 1))
    ladder = LevelLadderFactory(post=person.post)
    course = CoursePageFactory(parent=catalog, title="消防安全基础")
    quiz = LessonPageFactory(parent=course, title="消防知识测验")
    return Level1(
        person=person,
        course=LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.COURSE_COMPLETED, course=course),
        quiz=LevelCriterionFactory(
            ladder=ladder, level=1, kind=CriterionKind.QUIZ_SCORE, page=quiz, threshold=Decimal("80")
        ),
        practical=LevelCriterionFactory(
            ladder=ladder,
            level=1,
            kind=CriterionKind.PRACTICAL_PASSED,
            competency=CompetencyFactory(code="fire_drill", name="灭火器使用"),
        ),
        months=LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=6),
    )


# What the description of each criterion must name, so a reader knows what is still to do.
NAMED_BY = {"course": "消防安全基础", "quiz": "消防知识测验", "practical": "灭火器使用", "months": "6"}


def test_every_criterion_met_makes_the_person_ready(level1):
    level1.meet()
    result = level1.evaluate()
    assert len(result.criteria) == 4
    assert result.ready
    assert result.missing == []
    assert {c.criterion_id for c in result.met} == {
        level1.course.pk,
        level1.quiz.pk,
        level1.practical.pk,
        level1.months.pk,
    }


@pytest.mark.parametrize("unmet", ["course", "quiz", "practical", "months"])
def test_one_criterion_missing_keeps_the_person_back_and_is_named(level1, unmet):
    level1.meet(skip=unmet)
    result = level1.evaluate(today=TOO_SOON if unmet == "months" else TODAY)
    assert not result.ready
    assert [c.criterion_id for c in result.missing] == [level1.criterion(unmet).pk]
    assert NAMED_BY[unmet] in str(result.missing[0].description)
    assert len(result.met) == 3  # the other three do hold: only the missing one keeps them back


def test_a_quiz_score_below_the_threshold_is_missing_even_with_everything_else_met(level1):
    level1.meet(skip="quiz")
    level1.record(EvidenceKind.QUIZ, page=level1.quiz.page, percent=Decimal("79"))
    result = level1.evaluate()
    assert not result.ready
    assert [c.criterion_id for c in result.missing] == [level1.quiz.pk]


def test_an_awaited_sign_off_does_not_make_up_for_a_missing_criterion(level1):
    sign_off = LevelCriterionFactory(ladder=level1.course.ladder, level=1, kind=CriterionKind.MANAGER_SIGN_OFF)
    level1.meet(skip="practical")
    result = level1.evaluate()
    assert not result.ready
    assert [c.criterion_id for c in result.missing if not c.awaiting_sign_off] == [level1.practical.pk]
    assert [c.criterion_id for c in result.criteria if c.awaiting_sign_off] == [sign_off.pk]


def test_no_promotion_is_recommended_while_one_criterion_is_missing(level1):
    level1.meet(skip="practical")
    assert skill_level_recommend(user=level1.person.user, today=TODAY) is None
    assert not PromotionRecommendation.objects.filter(user=level1.person.user).exists()
    level1.record(EvidenceKind.PRACTICAL, competency=level1.practical.competency, passed=True)
    recommendation = skill_level_recommend(user=level1.person.user, today=TODAY)
    assert recommendation is not None and recommendation.to_level == 1
    assert len(recommendation.criteria_snapshot) == 4
