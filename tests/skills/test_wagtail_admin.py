import pytest
from django.urls import reverse

from skills.models import LevelLadder
from tests.factories.org import HRAdminFactory, StaffProfileFactory, TrainerFactory
from tests.factories.skills import LevelCriterionFactory, LevelLadderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [TrainerFactory, HRAdminFactory])
@pytest.mark.parametrize("model", ["competencyarea", "competency", "levelladder", "rubric"])
def test_trainers_and_hr_configure_the_framework_in_the_admin(client, factory, model):
    from org.services import staff_role_sync

    profile = factory()
    staff_role_sync(profile=profile)
    client.force_login(profile.user)
    assert client.get(reverse(f"wagtailsnippets_skills_{model}:list")).status_code == 200
    assert client.get(reverse(f"wagtailsnippets_skills_{model}:add")).status_code == 200


def test_a_ladder_with_its_criteria_opens_for_editing(client):
    from org.services import staff_role_sync

    trainer = TrainerFactory()
    staff_role_sync(profile=trainer)
    criterion = LevelCriterionFactory(ladder=LevelLadderFactory(), kind="months", months=6)
    client.force_login(trainer.user)
    response = client.get(reverse("wagtailsnippets_skills_levelladder:edit", args=[criterion.ladder.pk]))
    assert response.status_code == 200
    assert LevelLadder.objects.count() == 1


def test_trainees_cannot_reach_the_framework_admin(client):
    client.force_login(StaffProfileFactory().user)
    assert client.get(reverse("wagtailsnippets_skills_levelladder:list")).status_code in (302, 403)
