"""Every number in skills has its range, at the form, the service and the database: rates are
0–100 %, counts and minutes are never negative, ratings are 1–5, a score never exceeds its
maximum. The error names the field."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from skills.models import (
    Assessment,
    CriterionKind,
    EvidenceKind,
    FigureMetric,
    FollowUpEvaluation,
    FollowUpFigure,
    FollowUpStatus,
    LevelCriterion,
    Rubric,
)
from skills.services import course_reaction_submit, evidence_record, follow_up_evaluate

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, world):
    client.force_login(world.manager_a.user)
    return client


def _post_figures(manager, world, **figures):
    return manager.post(reverse("skills:follow_up", args=[world.follow_up_a.pk]), {"behaviour_rating": "4", **figures})


def test_a_cleanliness_rate_of_120_and_130_percent_is_refused_naming_the_figure(manager, world):
    response = _post_figures(manager, world, cleanliness_before="120", cleanliness_after="130")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Cleanliness pass rate (%): 120 is outside 0–100." in errors["cleanliness_before"]
    assert "Cleanliness pass rate (%): 130 is outside 0–100." in errors["cleanliness_after"]
    assert "is outside 0–100" in response.content.decode()
    world.follow_up_a.refresh_from_db()
    assert world.follow_up_a.status == FollowUpStatus.SCHEDULED
    assert not FollowUpFigure.objects.exists()


def test_a_rate_at_the_ends_of_its_range_and_a_large_count_are_accepted(manager, world):
    response = _post_figures(
        manager, world, cleanliness_before="0", cleanliness_after="100", complaints_before="250", complaints_after="3"
    )
    assert response.status_code == 302
    figures = dict(FollowUpFigure.objects.values_list("metric", "after"))
    assert figures == {"cleanliness": Decimal("100.00"), "complaints": Decimal("3.00")}


def test_a_negative_count_is_refused(manager, world):
    response = _post_figures(manager, world, complaints_before="-2", complaints_after="1")
    assert response.status_code == 200
    assert "Complaints per month: -2 cannot be negative." in response.context["form"].errors["complaints_before"]


def test_the_service_refuses_out_of_range_values_whoever_calls_it(world):
    call = {
        "follow_up": world.follow_up_a,
        "evaluator": world.manager_a.user,
        "objectives_met": [],
        "behaviour_rating": 4,
        "figures": {},
    }
    with pytest.raises(ValidationError) as error:
        follow_up_evaluate(**{**call, "figures": {FigureMetric.CLEANLINESS: (Decimal(120), Decimal(130))}})
    assert set(error.value.message_dict) == {"cleanliness_before", "cleanliness_after"}
    with pytest.raises(ValidationError) as error:
        follow_up_evaluate(**{**call, "behaviour_rating": 6})
    assert "behaviour_rating" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        follow_up_evaluate(**{**call, "owner_satisfaction": Decimal("101")})
    assert "owner_satisfaction" in error.value.message_dict
    assert not FollowUpEvaluation.objects.exists()


def test_the_database_refuses_a_rate_above_100_percent(world):
    evaluation = follow_up_evaluate(
        follow_up=world.follow_up_a, evaluator=world.manager_a.user, objectives_met=[], behaviour_rating=4, figures={}
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFigure.objects.create(evaluation=evaluation, metric="cleanliness", before=90, after=130)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFigure.objects.create(evaluation=evaluation, metric="complaints", before=-1, after=2)
    FollowUpFigure.objects.create(evaluation=evaluation, metric="complaints", before=130, after=2)  # a count
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpEvaluation.objects.filter(pk=evaluation.pk).update(behaviour_rating=6)


def test_a_figure_model_names_the_field_out_of_range():
    figure = FollowUpFigure(metric="first_time_fix", before=Decimal(50), after=Decimal("100.5"))
    with pytest.raises(ValidationError) as error:
        figure.clean()
    assert list(error.value.message_dict) == ["after"]


def test_reaction_ratings_are_one_to_five(world):
    with pytest.raises(ValidationError) as error:
        course_reaction_submit(user=world.trainee_a.user, course=world.course, rating=6, usefulness=0)
    assert set(error.value.message_dict) == {"rating", "usefulness"}


def test_evidence_percent_and_rating_have_their_range(world):
    with pytest.raises(ValidationError) as error:
        evidence_record(
            user=world.trainee_a.user,
            kind=EvidenceKind.FOLLOW_UP,
            title="x",
            source_type="test",
            percent=Decimal(120),
            rating=Decimal(0),
        )
    assert set(error.value.message_dict) == {"percent", "rating"}


def test_a_level_criterion_threshold_stays_on_its_scale():
    criterion = LevelCriterion(level=1, kind=CriterionKind.QUIZ_SCORE, threshold=Decimal(120))
    with pytest.raises(ValidationError) as error:
        criterion.clean()
    assert "threshold" in error.value.message_dict
    criterion = LevelCriterion(level=1, kind=CriterionKind.FOLLOW_UP_RATING, threshold=Decimal(6))
    with pytest.raises(ValidationError):
        criterion.clean()


def test_the_database_refuses_scores_above_their_maximum(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            kind="practical", trainee=world.trainee_a.user, title="x", total_score=11, max_score=10, passed=True
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Rubric.objects.filter(pk=world.rubric.pk).update(pass_percent=120)


def test_the_range_error_reads_in_chinese():
    from django.utils import translation

    from skills.models.evaluation import figure_range_error

    with translation.override("zh-hans"):
        message = figure_range_error(metric="cleanliness", value=Decimal(120))
    assert message == "保洁合格率（%）：120 超出 0–100 的范围。"
