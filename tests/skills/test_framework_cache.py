"""The skills framework (criteria, competencies) is read from the shared cache, and any change to
it, or to a page whose title a criterion shows, is seen at the next read."""

import datetime as dt

import pytest

from org.models import StaffProfile
from skills.engine import level_evaluate
from skills.framework_cache import competencies_all, competencies_of_post, criteria_by_post_level
from skills.models import CriterionKind
from tests.factories.courses import CoursePageFactory
from tests.factories.org import PostFactory, StaffProfileFactory
from tests.factories.skills import CompetencyAreaFactory, CompetencyFactory, LevelCriterionFactory, LevelLadderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return StaffProfileFactory(post_since=dt.date(2026, 1, 15))


def criteria_texts(person) -> list[str]:
    level = level_evaluate(profile=StaffProfile.objects.get(pk=person.pk), today=dt.date(2026, 11, 23))
    return [c.description for c in level.criteria]


def test_a_second_read_makes_no_query(person, django_assert_num_queries):
    ladder = LevelLadderFactory(post=person.post, competencies=[CompetencyFactory()])
    ladder.save()  # a ladder's competencies are written when it is saved (a cluster's m2m)
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=3)
    criteria_by_post_level(), competencies_all()
    with django_assert_num_queries(0):
        assert len(criteria_by_post_level()[(person.post_id, 1)]) == 1
        assert len(competencies_of_post(person.post_id)) == 1


def test_a_criterion_added_changed_or_deleted_is_seen_at_once(person):
    ladder = LevelLadderFactory(post=person.post)
    first = LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=3)
    assert len(criteria_texts(person)) == 1
    second = LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MANAGER_SIGN_OFF)
    assert len(criteria_texts(person)) == 2
    first.months = 9
    first.save()
    assert any("9" in text for text in criteria_texts(person))
    second.delete()
    assert len(criteria_texts(person)) == 1


def test_a_course_renamed_is_seen_in_the_criterion_that_names_it(person, catalog):
    course = CoursePageFactory(parent=catalog, title="消防基础")
    LevelCriterionFactory(
        ladder=LevelLadderFactory(post=person.post), level=1, kind=CriterionKind.COURSE_COMPLETED, course=course
    )
    assert any("消防基础" in text for text in criteria_texts(person))
    course.title = "消防安全基础"
    course.save_revision().publish()
    assert any("消防安全基础" in text for text in criteria_texts(person))


def test_ladder_competencies_and_their_order_follow_every_change(person):
    area = CompetencyAreaFactory(sort_order=1)
    late, early = CompetencyFactory(area=area, sort_order=2), CompetencyFactory(area=area, sort_order=1)
    ladder = LevelLadderFactory(post=person.post, competencies=[late])
    ladder.save()  # a ladder's competencies are written when it is saved (a cluster's m2m)
    other_post = PostFactory(code="baojie")
    assert competencies_of_post(person.post_id) == [late]
    assert competencies_of_post(other_post.pk) == [] and competencies_of_post(None) == []
    ladder.competencies.add(early)
    ladder.save()  # the m2m rows are written after the ladder's own row
    assert competencies_of_post(person.post_id) == [early, late]
    early.sort_order = 3
    early.save()
    assert competencies_of_post(person.post_id) == [late, early]
    early.name = "新名称"
    early.save()
    assert competencies_of_post(person.post_id)[1].name == "新名称"
    ladder.delete()
    assert competencies_of_post(person.post_id) == [] and len(competencies_all()) == 2
