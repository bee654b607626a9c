"""The player through HTTP: start, choose, resume, debrief, retry; what the browser may see."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from scenarios.models import ScenarioRun
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def player(client, trainee):
    client.force_login(trainee)
    return client


def _run(trainee):
    return ScenarioRun.objects.get(user=trainee, status="active")


def test_anonymous_visitors_are_sent_to_log_in(client, scenario):
    response = client.get(scenario.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_get_shows_a_start_button_and_changes_nothing(player, scenario):
    response = player.get(scenario.url)
    assert response.status_code == 200 and b"start-scenario" in response.content
    assert not ScenarioRun.objects.exists()


def test_play_to_the_end_and_see_the_debrief(player, scenario, trainee):
    assert player.post(reverse("scenarios:start", args=[scenario.pk])).status_code == 302
    run = _run(trainee)
    page = player.get(scenario.url).content.decode()
    assert "电梯又坏了！" in page and "请您慢慢说" in page
    player.post(reverse("scenarios:choose", args=[run.pk]), {"choice": "listen"})
    page = player.get(scenario.url).content.decode()
    assert "先倾听，做得好。" in page  # feedback of the chosen choice
    assert "那你们什么时候来修？" in page and 'id="timer"' in page
    response = player.post(reverse("scenarios:choose", args=[run.pk]), {"choice": "bonus"})
    assert response["Location"] == reverse("scenarios:debrief", args=[run.pk])
    debrief = player.get(response["Location"]).content.decode()
    assert "闭环处理。" in debrief and "result-passed" in debrief and 'id="best-path"' in debrief
    assert "首问负责。" in debrief


def test_reload_resumes_where_the_player_left(player, scenario, trainee):
    player.post(reverse("scenarios:start", args=[scenario.pk]))
    run = _run(trainee)
    player.post(reverse("scenarios:choose", args=[run.pk]), {"choice": "argue"})
    page = player.get(scenario.url).content.decode()
    assert "我要投诉你们！" in page and "这不归我们管。" in page


def test_retry_starts_a_new_attempt(player, scenario, trainee):
    player.post(reverse("scenarios:start", args=[scenario.pk]))
    run = _run(trainee)
    player.post(reverse("scenarios:choose", args=[run.pk]), {"choice": "argue"})
    player.post(reverse("scenarios:choose", args=[run.pk]), {"choice": "sorry"})
    player.post(reverse("scenarios:start", args=[scenario.pk]), {"restart": "1"})
    assert _run(trainee).attempt == 2


def test_someone_elses_run_is_not_found(client, scenario, trainee):
    client.force_login(trainee)
    client.post(reverse("scenarios:start", args=[scenario.pk]))
    run = _run(trainee)
    other = StaffProfileFactory().user
    client.force_login(other)
    assert client.post(reverse("scenarios:choose", args=[run.pk]), {"choice": "listen"}).status_code == 404
    assert client.post(reverse("scenarios:timeout", args=[run.pk])).status_code == 404
    assert client.post(reverse("scenarios:back", args=[run.pk])).status_code == 404
    assert client.get(reverse("scenarios:debrief", args=[run.pk])).status_code == 404
    run.refresh_from_db()
    assert run.node == "start" and not run.events.exists()


def test_a_choice_reads_and_locks_the_run_once(player, scenario, trainee, django_assert_max_num_queries):
    """The step's own queries: the run locked by its id and player (no separate read first), the
    last event's number, the event, the run's step fields, and the session's and user's reads."""
    player.post(reverse("scenarios:start", args=[scenario.pk]))
    run = _run(trainee)
    with django_assert_max_num_queries(7) as queries:
        response = player.post(reverse("scenarios:choose", args=[run.pk]), {"choice": "listen"})
    assert response.status_code == 302
    run_reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "scenarios_scenariorun"')]
    assert len(run_reads) == 1
    assert "FOR UPDATE" in run_reads[0] or not connection.features.has_select_for_update
    update = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "scenarios_scenariorun"'))
    assert '"started_at"' not in update and '"node" = ' in update


def test_get_never_changes_a_run(player, scenario, trainee):
    player.post(reverse("scenarios:start", args=[scenario.pk]))
    assert player.get(reverse("scenarios:choose", args=[_run(trainee).pk])).status_code == 405


def test_nothing_the_player_has_not_earned_reaches_the_browser(player, scenario, trainee):
    """Before the end: no unchosen choice's feedback or scores, no targets, no end outcomes or
    debriefs, no best path — in the page at each step."""
    player.post(reverse("scenarios:start", args=[scenario.pk]))
    run = _run(trainee)
    secrets_start = [
        "先倾听，做得好。",
        "推诿会激化矛盾。",
        "闭环处理。",
        "先倾听再解释。",
        "业主满意。",
        "业主投诉。",
        "首问负责。",
    ]
    html = player.get(scenario.url).content.decode()
    for secret in secrets_start:
        assert secret not in html
    assert not re.search(r"listen[^a-z]*[+-]?\d|empathize|best-path|good_end|bad_end|\"calm\"", html)
    player.post(reverse("scenarios:choose", args=[run.pk]), {"choice": "listen"})
    html = player.get(scenario.url).content.decode()
    for secret in ["推诿会激化矛盾。", "给出明确时限。", "首问负责。", "闭环处理。", "业主满意。"]:
        assert secret not in html
    assert "good_end" not in html and "angry" not in html


def test_a_refused_choice_reveals_nothing(player, scenario, trainee):
    player.post(reverse("scenarios:start", args=[scenario.pk]))
    run = _run(trainee)
    response = player.post(reverse("scenarios:choose", args=[run.pk]), {"choice": "bonus"}, follow=True)
    html = response.content.decode()
    assert "首问负责。" not in html and "good_end" not in html


def test_the_player_query_count_does_not_grow_with_the_transcript(
    player, scenario, trainee, django_assert_max_num_queries
):
    from tests.factories.scenarios import ScenarioPageFactory, small_graph

    graph = small_graph()
    angry = next(n for n in graph["nodes"] if n["key"] == "angry")
    angry["choices"].append({"key": "again", "text": "重来", "target": "start"})
    page = ScenarioPageFactory(graph=graph)
    player.post(reverse("scenarios:start", args=[page.pk]))
    run = _run(trainee)
    player.post(reverse("scenarios:choose", args=[run.pk]), {"choice": "argue"})
    with django_assert_max_num_queries(40) as few:
        first = player.get(page.url)
    limit = len(few.captured_queries)
    assert first.status_code == 200
    for _ in range(4):
        player.post(reverse("scenarios:choose", args=[run.pk]), {"choice": "again"})
        player.post(reverse("scenarios:choose", args=[run.pk]), {"choice": "argue"})
    with django_assert_max_num_queries(limit):
        html = player.get(page.url).content.decode()
    assert html.count("我要投诉你们！") == 5  # four in the transcript, one current


def test_the_trainer_preview_shows_the_whole_graph(scenario, rf):
    from tests.factories.org import TrainerFactory

    request = rf.get("/")
    request.user = TrainerFactory().user
    response = scenario.make_preview_request(request)
    html = response.content.decode()
    assert response.status_code == 200 and "good_end" in html and "我亲自陪您过去看看" in html


def test_a_manager_reviewing_a_debrief_is_audited_and_out_of_scope_is_not_found(client, scenario, trainee):
    from core.models import AuditEvent
    from scenarios.services import scenario_run_choose, scenario_run_start
    from tests.factories.org import ManagerFactory

    run = scenario_run_start(user=trainee, page=scenario)
    run = scenario_run_choose(run=run, choice_key="argue").run
    run = scenario_run_choose(run=run, choice_key="sorry").run
    manager = ManagerFactory(site=trainee.staff_profile.site).user
    client.force_login(manager)
    assert client.get(reverse("scenarios:debrief", args=[run.pk])).status_code == 200
    assert AuditEvent.objects.filter(actor=manager, subject_user=trainee, action="scenario_run.viewed").count() == 1
    client.force_login(ManagerFactory().user)  # another site
    assert client.get(reverse("scenarios:debrief", args=[run.pk])).status_code == 404


def test_deleting_a_scenario_page_deletes_its_runs(scenario, trainee):
    from scenarios.services import scenario_run_start

    scenario_run_start(user=trainee, page=scenario)
    scenario.delete()
    assert not ScenarioRun.objects.exists()
