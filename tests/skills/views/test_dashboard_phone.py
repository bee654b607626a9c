"""The manager's dashboard at 390 px first: a card per person (level, what the next level still
needs, what is overdue), the team by competency group with a team radar, and the full matrix
folded away with its sticky name column."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from skills.models import EvidenceKind
from skills.selectors import dashboard_build
from skills.selectors.dashboard import Filters
from skills.services import evidence_record
from tests.factories.skills_world import make_trainee

pytestmark = pytest.mark.django_db


def test_a_card_shows_level_gaps_and_what_is_overdue(client, world):
    client.force_login(world.manager_a.user)
    html = client.get(reverse("skills:dashboard")).content.decode()
    cards = html.split('class="card person-card"')[1:]
    assert len(cards) == 1  # the manager's own team: trainee_a only
    card = cards[0]
    assert "王小明" in card and "黄丽" not in html.split('id="people"')[1].split('id="team"')[0]
    dashboard = dashboard_build(viewer=world.manager_a.user, filters=Filters())
    (only,) = dashboard.cards
    assert only.profile == world.trainee_a
    assert only.overdue == ["安全知识"]
    assert "安全知识" in card
    assert only.gaps == only.level.missing
    for gap in only.gaps[:3]:
        assert escape(str(gap.description)) in card


def test_team_view_averages_each_competency_over_the_scope(world):
    second = make_trainee(world.trainee_a.site, world.trainee_a.post, "赵六", world.manager_a)
    from skills.models import Competency

    listen = Competency.objects.get(code="listen")
    evidence_record(
        user=second.user,
        kind=EvidenceKind.SCENARIO,
        title="情景",
        source_type="test",
        competency=listen,
        score=60,
        percent=60,
    )
    dashboard = dashboard_build(viewer=world.manager_a.user, filters=Filters())
    figures = {t.competency.code: (t.average, t.people) for area in dashboard.team for t in area.competencies}
    assert figures["listen"] == (70.0, 2)  # trainee_a 80 and 赵六 60; site B's 80 is not the team's
    assert figures["empathize"] == (None, 0) and figures["safety"] == (None, 0)
    # One competency group here: under three groups the radar charts the competencies instead.
    (group,) = dashboard.team
    assert group.average == 70.0  # the mean of the competencies with evidence
    axes = {a.label: a.value for a in dashboard.radar.axes}
    assert axes == {"倾听": 70.0, "共情": None, "安全": None}


def test_the_page_has_the_team_radar_and_a_folded_matrix_with_sticky_names(client, world):
    client.force_login(world.manager_a.user)
    html = client.get(reverse("skills:dashboard")).content.decode()
    team = html.split('id="team"')[1].split('id="promotions"')[0]
    assert '<svg class="radar"' in team and "倾听" in team
    matrix = html.split('id="matrix"')[1]
    assert '<details class="matrix-details">' in matrix and '<th class="sticky">' in matrix
