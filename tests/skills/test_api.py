import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_manager_a(client, world):
    client.force_login(world.manager_a.user)
    return client


def test_team_lists_only_the_managers_people(as_manager_a, world):
    names = {p["name"] for p in as_manager_a.get("/api/v1/skills/team").json()}
    assert "王小明" in names and "黄丽" not in names


def test_another_sites_id_or_name_gives_nothing(as_manager_a, world):
    assert as_manager_a.get(f"/api/v1/skills/team?site={world.trainee_b.site_id}").json() == []
    assert as_manager_a.get("/api/v1/skills/team?q=黄丽").json() == []
    assert as_manager_a.get(f"/api/v1/skills/team/{world.trainee_b.user_id}").status_code == 404


def test_a_team_member_shows_level_and_criteria(as_manager_a, world):
    body = as_manager_a.get(f"/api/v1/skills/team/{world.trainee_a.user_id}").json()
    assert body["level"] == 0 and body["next_level"] == 1 and body["ready"] is True
    assert [c["awaiting_sign_off"] for c in body["criteria"]] == [False, True]


def test_trainees_get_their_own_level_only(client, world):
    client.force_login(world.trainee_a.user)
    assert client.get("/api/v1/skills/me").json()["name"] == "王小明"
    assert client.get("/api/v1/skills/team").status_code == 403
    assert client.get(f"/api/v1/skills/team/{world.trainee_a.user_id}").status_code == 404


def test_anonymous_requests_are_refused(client, world):
    assert client.get("/api/v1/skills/team").status_code == 401
