"""Trainer list and analytics: who may see them, what they count, constant query counts."""

import pytest
from django.urls import reverse

from scenarios.selectors import scenario_analytics
from scenarios.services import scenario_run_choose, scenario_run_start
from tests.factories.org import ManagerFactory, PostFactory, SiteFactory, StaffProfileFactory, TrainerFactory
from tests.factories.scenarios import ScenarioPageFactory

pytestmark = pytest.mark.django_db


def _play(page, user, *keys):
    run = scenario_run_start(user=user, page=page)
    for key in keys:
        run = scenario_run_choose(run=run, choice_key=key).run
    return run


def test_trainees_cannot_open_the_list_or_analytics(client, scenario, trainee):
    client.force_login(trainee)
    assert client.get(reverse("scenarios:list")).status_code == 403
    assert client.get(reverse("scenarios:analytics", args=[scenario.pk])).status_code == 403


def test_the_list_query_count_does_not_grow_with_scenarios_or_runs(client, catalog, django_assert_max_num_queries):
    trainer = TrainerFactory().user
    client.force_login(trainer)
    ScenarioPageFactory()
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("scenarios:list"))
    limit = len(few.captured_queries)
    for _ in range(4):
        page = ScenarioPageFactory()
        _play(page, StaffProfileFactory().user, "argue", "sorry")
    with django_assert_max_num_queries(limit):
        response = client.get(reverse("scenarios:list"))
    assert response.content.decode().count("scenarios/") >= 5


def test_analytics_counts_choices_failing_endings_and_averages(client, scenario):
    kefu, anbao = PostFactory(code="kefu"), PostFactory(code="anbao")
    site_a, site_b = SiteFactory(name="阳光花园"), SiteFactory(name="翠湖苑")
    users = [
        StaffProfileFactory(post=kefu, site=site_a).user,
        StaffProfileFactory(post=kefu, site=site_b).user,
        StaffProfileFactory(post=anbao, site=site_a).user,
    ]
    _play(scenario, users[0], "listen", "promise")
    _play(scenario, users[1], "argue", "sorry")
    _play(scenario, users[2], "argue", "sorry")
    trainer = TrainerFactory().user
    stats = scenario_analytics(page=scenario, viewer=trainer)
    start = next(n for n in stats.nodes if n["node"].key == "start")
    shares = {c["key"]: (c["count"], c["percent"]) for c in start["choices"]}
    assert shares == {"listen": (1, 33), "argue": (2, 67)}
    assert stats.failing_endings == [{"key": "bad_end", "text": "业主投诉。", "count": 2}]
    by_post = {row["name"]: row for row in stats.by_post}
    assert by_post["客服"]["runs"] == 2 and by_post["客服"]["averages"] == [1.0, -0.5]
    by_site = {row["name"]: row["runs"] for row in stats.by_site}
    assert by_site == {"阳光花园": 2, "翠湖苑": 1}
    client.force_login(trainer)
    html = client.get(reverse("scenarios:analytics", args=[scenario.pk])).content.decode()
    assert "67%" in html and 'id="by-post"' in html


def test_a_manager_sees_analytics_of_their_own_sites_only(scenario):
    mine, theirs = SiteFactory(), SiteFactory()
    _play(scenario, StaffProfileFactory(site=mine).user, "listen", "promise")
    _play(scenario, StaffProfileFactory(site=theirs).user, "argue", "sorry")
    manager = ManagerFactory(site=mine).user
    stats = scenario_analytics(page=scenario, viewer=manager)
    assert stats.finished == 1 and stats.passed == 1 and stats.failing_endings == []


def test_the_analytics_query_count_does_not_grow_with_runs(client, scenario, django_assert_max_num_queries):
    trainer = TrainerFactory().user
    client.force_login(trainer)
    _play(scenario, StaffProfileFactory().user, "listen", "promise")
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("scenarios:analytics", args=[scenario.pk]))
    limit = len(few.captured_queries)
    for _ in range(5):
        _play(scenario, StaffProfileFactory().user, "argue", "sorry")
    with django_assert_max_num_queries(limit):
        client.get(reverse("scenarios:analytics", args=[scenario.pk]))
