import pytest

from core.models import AuditEvent
from org.models import Role, StaffProfile
from tests.factories.org import DepartmentFactory, PostFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db
ROSTER = "/api/v1/people/roster"


def team_numbers(client) -> set[str]:
    response = client.get("/api/v1/people/team")
    assert response.status_code == 200
    return {p["employee_number"] for p in response.json()["items"]}


def test_a_manager_sees_exactly_the_staff_of_their_sites(world):
    numbers = team_numbers(world.client("manager_here"))
    assert world.trainee.employee_number in numbers
    assert world.other_trainee.employee_number in numbers
    assert world.trainee_elsewhere.employee_number not in numbers
    assert world.manager_here.employee_number not in numbers


def test_hr_sees_everyone_but_themselves(world):
    assert len(team_numbers(world.client("hr"))) == StaffProfile.objects.count() - 1


@pytest.mark.parametrize("role", ["trainee", "other_trainee", "trainer"])
def test_other_roles_have_no_team_list(world, role):
    assert world.client(role).get("/api/v1/people/team").status_code == 403


def test_phone_numbers_are_masked(world):
    items = world.client("hr").get("/api/v1/people/team").json()["items"]
    assert "13912345678" not in str(items)
    assert any(p["phone_masked"] == "139****5678" for p in items)


def test_team_pages_with_limit_and_offset(world):
    client = world.client("hr")
    first = client.get("/api/v1/people/team", {"limit": 2}).json()
    second = client.get("/api/v1/people/team", {"limit": 2, "offset": 2}).json()
    assert first["count"] == second["count"] >= 4
    assert not {p["employee_number"] for p in first["items"]} & {p["employee_number"] for p in second["items"]}
    assert client.get("/api/v1/people/team", {"limit": 0}).status_code == 422


def test_team_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = world.client("manager_here")
    with django_assert_max_num_queries(20) as few:
        client.get("/api/v1/people/team")
    for _ in range(15):
        StaffProfileFactory(site=world.site_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/people/team")


@pytest.mark.parametrize(
    ("viewer", "subject", "allowed"),
    [
        ("trainee", "trainee", True),
        ("trainee", "other_trainee", False),
        ("manager_here", "trainee", True),
        ("manager_elsewhere", "trainee", False),
        ("hr", "trainee_elsewhere", True),
    ],
)
def test_one_staff_member_only_within_scope(world, viewer, subject, allowed):
    number = getattr(world, subject).employee_number
    response = world.client(viewer).get(f"/api/v1/people/staff/{number}")
    assert response.status_code == (200 if allowed else 404)


def roster_post(client, rows):
    return client.post(ROSTER, {"rows": rows}, content_type="application/json")


def test_roster_sync_creates_then_updates_by_employee_number(world, token_client):
    PostFactory(code="gongcheng")
    client = token_client(world.hr)
    row = {"employee_number": "E90001", "name": "周新", "phone": "13811112222", "site_code": "YG", "post_code": "kefu"}
    first = roster_post(client, [row]).json()
    assert (first["created"], first["updated"], first["errors"]) == (1, 0, 0)
    second = roster_post(client, [{**row, "post_code": "gongcheng"}]).json()
    assert (second["created"], second["updated"]) == (0, 1)
    profile = StaffProfile.objects.get(employee_number="E90001")
    assert profile.post.code == "gongcheng"
    assert profile.site == world.site_a
    assert profile.user.get_username() == "E90001"
    assert not profile.user.has_usable_password()


def test_fields_left_out_keep_their_value_so_a_feed_never_demotes_a_manager(world, token_client):
    department = DepartmentFactory(site=world.site_a, name="客服部")
    world.manager_here.department = department
    world.manager_here.save()
    roster_post(token_client(world.hr), [{"employee_number": world.manager_here.employee_number, "name": "陈经理"}])
    world.manager_here.refresh_from_db()
    assert world.manager_here.role == Role.MANAGER
    assert world.manager_here.department == department
    assert world.manager_here.phone


def test_each_row_succeeds_or_fails_on_its_own(world, token_client):
    result = roster_post(
        token_client(world.hr),
        [
            {"employee_number": "E90002", "name": "好人"},
            {"employee_number": "E90003", "name": "坏人", "site_code": "NOPE"},
            {"employee_number": "E90004", "name": "<b></b>"},
        ],
    ).json()
    assert [r["status"] for r in result["rows"]] == ["created", "error", "error"]
    assert StaffProfile.objects.filter(employee_number="E90002").exists()
    assert not StaffProfile.objects.filter(employee_number__in=["E90003", "E90004"]).exists()


def test_roster_text_is_sanitised(world, token_client):
    roster_post(
        token_client(world.hr),
        [{"employee_number": "E90005", "name": '<img src=x onerror="alert(1)">王<script>alert(1)</script>五'}],
    )
    assert StaffProfile.objects.get(employee_number="E90005").name == "王五"


def test_malformed_phone_and_employee_numbers_are_rejected_by_the_schema(world, token_client):
    client = token_client(world.hr)
    assert roster_post(client, [{"employee_number": "E1", "name": "甲", "phone": "12345"}]).status_code == 422
    assert roster_post(client, [{"employee_number": "../x", "name": "甲"}]).status_code == 422
    assert roster_post(client, []).status_code == 422


def test_roster_sync_is_audited_with_counts_only(world, token_client):
    roster_post(token_client(world.hr), [{"employee_number": "E90006", "name": "赵六", "phone": "13811113333"}])
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROSTER_IMPORT)
    assert event.actor == world.hr.user
    assert event.detail == {"source": "api", "created": 1, "updated": 0, "errors": 0}


@pytest.mark.parametrize("role", ["trainee", "trainer", "manager_here"])
def test_only_hr_may_sync_the_roster(world, token_client, role):
    response = roster_post(token_client(getattr(world, role)), [{"employee_number": "E90007", "name": "钱七"}])
    assert response.status_code == 403
    assert not StaffProfile.objects.filter(employee_number="E90007").exists()


def test_roster_sync_carries_email_and_channel_ids_sanitised_and_keeps_them_when_left_out(world, token_client):
    client = token_client(world.hr)
    row = {
        "employee_number": "E90010",
        "name": "周新",
        "email": "<i>zhouxin@example.com</i>",
        "wecom_userid": "zhouxin",
        "dingtalk_userid": "ding-90010",
    }
    assert roster_post(client, [row]).json()["created"] == 1
    profile = StaffProfile.objects.get(employee_number="E90010")
    assert (profile.email, profile.wecom_userid, profile.dingtalk_userid) == (
        "zhouxin@example.com",
        "zhouxin",
        "ding-90010",
    )
    roster_post(client, [{"employee_number": "E90010", "name": "周新"}])
    profile.refresh_from_db()
    assert (profile.email, profile.wecom_userid, profile.dingtalk_userid) == (
        "zhouxin@example.com",
        "zhouxin",
        "ding-90010",
    )
    roster_post(client, [{"employee_number": "E90010", "name": "周新", "email": "", "dingtalk_userid": ""}])
    profile.refresh_from_db()
    assert (profile.email, profile.wecom_userid, profile.dingtalk_userid) == ("", "zhouxin", "")


def test_roster_sync_refuses_a_bad_email_a_bad_id_and_an_id_someone_else_has(world, token_client):
    client = token_client(world.hr)
    world.trainee.wecom_userid = "taken"
    world.trainee.save()
    result = roster_post(
        client,
        [
            {"employee_number": "E90011", "name": "甲", "email": "not-an-email"},
            {"employee_number": "E90012", "name": "乙", "wecom_userid": "有 空格"},
            {"employee_number": "E90013", "name": "丙", "wecom_userid": "taken"},
        ],
    ).json()
    assert [row["status"] for row in result["rows"]] == ["error", "error", "error"]
    assert "another staff member" in result["rows"][2]["error"]
    assert not StaffProfile.objects.filter(employee_number__in=["E90011", "E90012", "E90013"]).exists()
