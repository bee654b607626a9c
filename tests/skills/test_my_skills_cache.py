"""My skills is kept in the cache under the person's records' generation (core.cache
person_records_changed): a second read makes no query of their records, and every write of those
records, through each service and each bulk update that sends no signal, is seen at once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from courses.models import CourseEnrolment
from courses.services import course_enrolment_complete
from skills.models import EvidenceKind, PromotionRecommendation, PromotionStatus
from skills.selectors.people import my_skills
from skills.services import evidence_record, points_credit
from skills.services.evidence import evidence_correct
from skills.services.follow_ups import course_reaction_submit
from skills.services.levels import goal_achieve, goal_set, level_record_create, promotion_decide
from skills.services.personal_data import skills_personal_data_erase
from tests.factories.courses import CoursePageFactory

pytestmark = pytest.mark.django_db


def _page(client, world) -> str:
    client.force_login(world.trainee_a.user)
    response = client.get(reverse("skills:mine"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_read_makes_no_query_of_the_records(world):
    profile = world.trainee_a
    first = my_skills(profile=profile)
    with CaptureQueriesContext(connection) as queries:
        second = my_skills(profile=profile)
    assert len(queries) == 0
    assert second.skills.profile is profile  # the caller's own profile, not a cached copy
    assert [s.competency.pk for s in second.skills.scores] == [s.competency.pk for s in first.skills.scores]
    assert second.skills.level.current_level == first.skills.level.current_level


def test_new_evidence_and_its_correction_are_shown_at_once(client, world):
    assert "新的安全演练记录" not in _page(client, world)
    entry = evidence_record(
        user=world.trainee_a.user,
        kind=EvidenceKind.PRACTICAL,
        title="新的安全演练记录",
        source_type="test",
        source_id="cache-1",
        passed=True,
    )
    assert "新的安全演练记录" in _page(client, world)
    evidence_correct(evidence=entry, corrected_by=world.manager_a.user, note="录错了", withdraw=True)
    assert "新的安全演练记录" not in _page(client, world)


def test_points_goals_and_their_achievement_are_shown_at_once(client, world):
    before = my_skills(profile=world.trainee_a).skills.points
    points_credit(user=world.trainee_a.user, points=7, reason="额外积分", key="cache-test")
    assert my_skills(profile=world.trainee_a).skills.points == before + 7
    goal = goal_set(user=world.trainee_a.user, horizon="1-3", text="三个月内考取消防证")
    assert "三个月内考取消防证" in _page(client, world)
    goal_achieve(goal=goal)
    assert "goal-achieved" in _page(client, world)


def test_a_promotion_waiting_and_its_decision_are_shown_at_once(client, world):
    recommendation = world.promotion_a
    assert my_skills(profile=world.trainee_a).skills.pending == recommendation
    recommendation.status = PromotionStatus.PENDING
    promotion_decide(recommendation=recommendation, decided_by=world.manager_a.user, approve=False, note="再练练")
    assert my_skills(profile=world.trainee_a).skills.pending is None
    PromotionRecommendation.objects.create(
        user=world.trainee_a.user,
        post=world.trainee_a.post,
        from_level=0,
        to_level=1,
        status=PromotionStatus.PENDING,
    )
    assert my_skills(profile=world.trainee_a).skills.pending is not None


def test_a_level_granted_is_shown_at_once(world):
    assert my_skills(profile=world.trainee_a).skills.level.current_level == 0
    level_record_create(user=world.trainee_a.user, post=world.trainee_a.post, level=1, approved_by=world.manager_a.user)
    assert my_skills(profile=world.trainee_a).skills.level.current_level == 1


def test_a_completed_course_asks_for_a_rating_until_rated(client, world, catalog):
    course = CoursePageFactory(parent=catalog, title="电梯困人应急")
    enrolment = CourseEnrolment.objects.create(user=world.trainee_a.user, course=course)
    rate = reverse("skills:reaction", args=[course.pk])
    assert rate not in _page(client, world)
    # The completion is a conditional update(), which sends no signal.
    assert course_enrolment_complete(enrolment=enrolment)
    assert rate in _page(client, world)
    course_reaction_submit(user=world.trainee_a.user, course=course, rating=5, usefulness=4)
    assert rate not in _page(client, world)


def test_the_erasure_of_a_persons_texts_is_shown_at_once(client, world):
    goal_set(user=world.trainee_a.user, horizon="1-3", text="私人目标文字")
    assert "私人目标文字" in _page(client, world)
    skills_personal_data_erase(user_id=world.trainee_a.user_id)  # bulk updates, no signal
    assert "私人目标文字" not in _page(client, world)


def test_a_new_post_or_post_date_is_a_new_entry(world):
    profile = world.trainee_a
    first = my_skills(profile=profile)
    profile.post_since = dt.date.today() - dt.timedelta(days=800)
    profile.save(update_fields=["post_since"])
    with CaptureQueriesContext(connection) as queries:
        my_skills(profile=profile)
    assert len(queries) > 0  # months in post may have changed: evaluated again
    assert first.skills.level.post_id == profile.post_id


def test_each_language_has_its_own_entry(world):
    with translation.override("zh-hans"):
        chinese = my_skills(profile=world.trainee_a).skills.level.current_label
    with translation.override("en"):
        english = my_skills(profile=world.trainee_a).skills.level.current_label
    assert chinese != english
    assert english == "Not yet levelled"


def test_another_persons_write_leaves_the_entry_alone(world):
    my_skills(profile=world.trainee_a)
    evidence_record(
        user=world.trainee_b.user,
        kind=EvidenceKind.QUIZ,
        title="别人的测验",
        source_type="test",
        source_id="cache-2",
        percent=Decimal("90"),
    )
    with CaptureQueriesContext(connection) as queries:
        my_skills(profile=world.trainee_a)
    assert len(queries) == 0
