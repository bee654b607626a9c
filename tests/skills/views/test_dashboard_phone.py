"""The manager's dashboard at 390 px first: a card per person (level, what the next level still
needs, what is overdue), the team by competency group with a team radar, and the full matrix
folded away with its sticky name column."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from courses.models import CourseEnrolment
from skills.models import EvidenceKind
from skills.selectors import dashboard_build
from skills.selectors.dashboard import Filters
from skills.services import evidence_record
from tests.factories.org import HRAdminFactory
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


def _late_courses(dashboard):
    return sum(site.late_courses for site in dashboard.compliance)


def _listen_average(dashboard):
    return {t.competency.code: t.average for area in dashboard.team for t in area.competencies}["listen"]


def test_a_large_scope_shows_cached_team_averages_with_their_time(client, world, monkeypatch, settings):
    """Over more than a team (a whole company) the team averages come from the cache, stamped
    with when they were counted; a team's are always live."""
    from django.core.cache import cache

    from skills.models import Competency
    from skills.selectors import dashboard as dashboard_module

    cache.clear()
    listen = Competency.objects.get(code="listen")
    monkeypatch.setattr(dashboard_module, "SMALL_SCOPE", 1)  # every scope of two or more is "large"
    hr = HRAdminFactory(site=world.trainee_a.site).user
    first = dashboard_build(viewer=hr, filters=Filters())
    assert first.summaries_as_of is not None
    before = _listen_average(first)
    second = make_trainee(world.trainee_a.site, world.trainee_a.post, "赵六", world.manager_a)
    evidence_record(
        user=second.user, kind=EvidenceKind.SCENARIO, title="情景", source_type="test", competency=listen, percent=0
    )
    CourseEnrolment.objects.create(user=second.user, course=world.course, due_date=dt.date(2020, 1, 1))
    again = dashboard_build(viewer=hr, filters=Filters())
    assert _listen_average(again) == before and again.summaries_as_of == first.summaries_as_of  # from the cache
    assert _late_courses(again) == _late_courses(first)
    client.force_login(hr)
    html = client.get(reverse("skills:dashboard")).content.decode()
    assert "Figures as of" in html or "数据统计于" in html
    cache.clear()  # the entry expires (SKILLS_TEAM_CACHE_SECONDS): counted again, with the new facts
    recounted = dashboard_build(viewer=hr, filters=Filters())
    assert _listen_average(recounted) < before
    assert _late_courses(recounted) == _late_courses(first) + 1
    monkeypatch.setattr(dashboard_module, "SMALL_SCOPE", 2000)
    live = dashboard_build(viewer=hr, filters=Filters())
    assert live.summaries_as_of is None
    assert "数据统计于" not in client.get(reverse("skills:dashboard")).content.decode()


def test_the_whole_company_summaries_are_recounted_in_the_background(world, monkeypatch):
    """Every five minutes a task counts HR's whole-company summaries again, so HR's page reads
    fresh figures from the cache instead of waiting for the count."""
    from django.core.cache import cache

    from skills.models import Competency
    from skills.selectors import dashboard as dashboard_module
    from skills.tasks import whole_company_summaries_recount_task

    cache.clear()
    monkeypatch.setattr(dashboard_module, "SMALL_SCOPE", 2000)
    hr = HRAdminFactory(site=world.trainee_a.site).user
    assert whole_company_summaries_recount_task.call() is False  # a company this small is counted live
    monkeypatch.setattr(dashboard_module, "SMALL_SCOPE", 1)
    assert whole_company_summaries_recount_task.call() is True
    first = dashboard_build(viewer=hr, filters=Filters())
    before = _listen_average(first)
    evidence_record(
        user=world.trainee_b.user,
        kind=EvidenceKind.SCENARIO,
        title="情景",
        source_type="test",
        competency=Competency.objects.get(code="listen"),
        percent=0,
    )
    assert _listen_average(dashboard_build(viewer=hr, filters=Filters())) == before  # still the cached count
    assert whole_company_summaries_recount_task.call() is True
    again = dashboard_build(viewer=hr, filters=Filters())
    assert _listen_average(again) < before and again.summaries_as_of > first.summaries_as_of


def test_without_an_hr_admin_nothing_is_recounted(world, monkeypatch):
    from skills.selectors import dashboard as dashboard_module
    from skills.tasks import whole_company_summaries_recount_task

    monkeypatch.setattr(dashboard_module, "SMALL_SCOPE", 1)
    assert whole_company_summaries_recount_task.call() is False
