"""The JSON player: the same flow and the same secrecy as the HTML player."""

import json

import pytest

from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/scenarios"


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_play_through_the_api(client, scenario, trainee):
    client.force_login(trainee)
    state = post(client, f"{BASE}/{scenario.pk}/runs").json()
    assert state["node"]["text"] == "电梯又坏了！"
    assert [c["key"] for c in state["choices"]] == ["listen", "argue"]
    run = state["run"]
    state = post(client, f"{BASE}/runs/{run}/choose", {"choice": "listen"}).json()
    assert state["feedback"] == "先倾听，做得好。" and state["time_limit"] == 30
    assert client.get(f"{BASE}/runs/{run}").json()["node"]["text"] == "那你们什么时候来修？"
    state = post(client, f"{BASE}/runs/{run}/choose", {"choice": "bonus"}).json()
    assert state["status"] == "finished" and state["passed"] and state["outcome"] == "success"


def test_the_api_never_sends_what_the_player_has_not_earned(client, scenario, trainee):
    client.force_login(trainee)
    raw = post(client, f"{BASE}/{scenario.pk}/runs").content.decode()
    body = json.loads(raw)
    for secret in ["推诿会激化矛盾", "先倾听，做得好", "good_end", "bad_end", "calm", "empathize", "outcome", "scores"]:
        assert secret not in raw, secret
    raw = post(client, f"{BASE}/runs/{body['run']}/choose", {"choice": "argue"}).content.decode()
    for secret in ["先倾听，做得好", "good_end", "bad_end", "首问负责", "scores", "outcome"]:
        assert secret not in raw, secret
    refused = post(client, f"{BASE}/runs/{body['run']}/choose", {"choice": "bonus"})
    assert refused.status_code == 422 and "首问负责" not in refused.content.decode()


def test_someone_elses_run_is_not_found(client, scenario, trainee):
    client.force_login(trainee)
    run = post(client, f"{BASE}/{scenario.pk}/runs").json()["run"]
    client.force_login(StaffProfileFactory().user)
    assert client.get(f"{BASE}/runs/{run}").status_code == 404
    assert post(client, f"{BASE}/runs/{run}/choose", {"choice": "listen"}).status_code == 404


def test_anonymous_callers_are_refused(client, scenario):
    assert client.get(f"{BASE}/runs/1").status_code == 401
