"""A roster sync longer than ROSTER_SYNC_INLINE_MAX_ROWS is queued: 202 with a status URL, applied
all-or-nothing by api.tasks.roster_sync_job_run_task, once however often the task runs."""

import datetime as dt

import pytest
from django.utils import timezone

from api.models import RosterSyncJob
from api.roster import roster_syncs_expire, roster_syncs_stuck_fail
from api.tasks import roster_sync_job_run_task
from core.models import AuditEvent
from org.models import StaffProfile

pytestmark = pytest.mark.django_db
ROSTER = "/api/v1/people/roster"


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.ROSTER_SYNC_INLINE_MAX_ROWS = 3


def rows(count: int, start: int = 1) -> list[dict]:
    return [
        {"employee_number": f"Q{n:05d}", "name": f"员工{n}", "site_code": "YG"} for n in range(start, start + count)
    ]


def roster_post(client, body_rows):
    return client.post(ROSTER, {"rows": body_rows}, content_type="application/json")


def test_a_large_sync_is_queued_with_a_status_url_and_changes_nothing_yet(world, token_client):
    client = token_client(world.hr)
    response = roster_post(client, rows(4))
    assert response.status_code == 202
    body = response.json()
    job = RosterSyncJob.objects.get()
    assert body["status"] == "queued" and body["report"] is None and body["row_count"] == 4
    assert body["status_url"] == f"/api/v1/people/roster/syncs/{job.pk}"
    assert job.requested_by == world.hr.user
    assert not StaffProfile.objects.filter(employee_number__startswith="Q").exists()
    assert client.get(body["status_url"]).json()["status"] == "queued"


def test_the_queued_sync_is_applied_by_its_task_after_commit(world, token_client, django_capture_on_commit_callbacks):
    client = token_client(world.hr)
    StaffProfile.objects.filter(pk=world.trainee.pk).update(name="旧名")
    body_rows = [*rows(3), {"employee_number": world.trainee.employee_number, "name": "王小明"}]
    with django_capture_on_commit_callbacks(execute=True):
        status_url = roster_post(client, body_rows).json()["status_url"]
    status = client.get(status_url).json()
    assert status["status"] == "done" and status["finished_at"]
    report = status["report"]
    assert (report["created"], report["updated"], report["errors"]) == (3, 1, 0)
    assert [(r["row"], r["status"]) for r in report["rows"]] == [
        (1, "created"),
        (2, "created"),
        (3, "created"),
        (4, "updated"),
    ]
    assert StaffProfile.objects.filter(employee_number__startswith="Q").count() == 3
    world.trainee.refresh_from_db()
    assert world.trainee.name == "王小明"
    job = RosterSyncJob.objects.get()
    assert job.rows == []  # the personal data is not kept once applied
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROSTER_IMPORT)
    assert event.actor == world.hr.user
    assert event.detail == {"source": "api", "job": job.pk, "created": 3, "updated": 1, "errors": 0}


def test_one_invalid_row_applies_nothing_and_every_invalid_row_is_reported(
    world, token_client, django_capture_on_commit_callbacks
):
    client = token_client(world.hr)
    StaffProfile.objects.filter(pk=world.trainee.pk).update(name="旧名")
    body_rows = [
        {"employee_number": world.trainee.employee_number, "name": "王小明"},
        *rows(2),
        {"employee_number": "Q00008", "name": "坏", "site_code": "NOPE"},
        {"employee_number": "Q00009", "name": "<b></b>"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        status_url = roster_post(client, body_rows).json()["status_url"]
    status = client.get(status_url).json()
    assert status["status"] == "failed"
    report = status["report"]
    assert (report["created"], report["updated"], report["errors"]) == (0, 0, 2)
    assert [r["status"] for r in report["rows"]] == ["skipped", "skipped", "skipped", "error", "error"]
    assert report["rows"][3]["row"] == 4 and report["rows"][3]["employee_number"] == "Q00008"
    assert report["rows"][3]["error"] == "row 4: unknown site_code"
    assert report["rows"][4]["error"].startswith("row 5: ")
    assert not StaffProfile.objects.filter(employee_number__startswith="Q").exists()
    world.trainee.refresh_from_db()
    assert world.trainee.name == "旧名"
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROSTER_IMPORT)
    assert event.detail["applied"] is False and event.detail["errors"] == 2


def test_running_the_task_twice_applies_the_sync_once(world, token_client):
    roster_post(token_client(world.hr), rows(4))
    job = RosterSyncJob.objects.get()
    roster_sync_job_run_task.call(job_id=job.pk)
    StaffProfile.objects.filter(employee_number="Q00001").update(name="改过")
    roster_sync_job_run_task.call(job_id=job.pk)
    assert StaffProfile.objects.get(employee_number="Q00001").name == "改过"
    assert StaffProfile.objects.filter(employee_number__startswith="Q").count() == 4
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROSTER_IMPORT).count() == 1
    job.refresh_from_db()
    assert job.status == RosterSyncJob.Status.DONE and job.created == 4


def test_a_job_already_running_is_left_to_its_worker(world, token_client):
    roster_post(token_client(world.hr), rows(4))
    RosterSyncJob.objects.update(status=RosterSyncJob.Status.RUNNING)
    roster_sync_job_run_task.call(job_id=RosterSyncJob.objects.get().pk)
    assert not StaffProfile.objects.filter(employee_number__startswith="Q").exists()


def test_a_job_lost_with_its_worker_is_failed_after_half_an_hour(world, token_client):
    roster_post(token_client(world.hr), rows(4))
    assert roster_syncs_stuck_fail(now=timezone.now() + dt.timedelta(minutes=29)) == 0
    assert roster_syncs_stuck_fail(now=timezone.now() + dt.timedelta(minutes=31)) == 1
    job = RosterSyncJob.objects.get()
    assert job.status == RosterSyncJob.Status.FAILED and job.rows == []
    roster_sync_job_run_task.call(job_id=job.pk)
    assert not StaffProfile.objects.filter(employee_number__startswith="Q").exists()


def test_a_finished_sync_is_forgotten_after_a_week_a_queued_one_is_not(world, token_client):
    client = token_client(world.hr)
    roster_post(client, rows(4))
    roster_post(client, rows(4, start=10))
    finished, queued = RosterSyncJob.objects.order_by("pk")
    roster_sync_job_run_task.call(job_id=finished.pk)
    assert roster_syncs_expire(now=timezone.now() + dt.timedelta(days=6)) == 0
    assert roster_syncs_expire(now=timezone.now() + dt.timedelta(days=8)) == 1
    assert list(RosterSyncJob.objects.all()) == [queued]
    assert client.get(f"/api/v1/people/roster/syncs/{finished.pk}").status_code == 404


@pytest.mark.parametrize(("role", "status"), [("trainee", 403), ("trainer", 403), ("manager_here", 403), ("hr", 200)])
def test_only_hr_may_read_a_sync_status(world, token_client, role, status):
    status_url = roster_post(token_client(world.hr), rows(4)).json()["status_url"]
    assert token_client(getattr(world, role)).get(status_url).status_code == status


def test_an_unknown_sync_is_not_found(world, token_client):
    assert token_client(world.hr).get("/api/v1/people/roster/syncs/999").status_code == 404


def test_a_sync_up_to_the_threshold_is_applied_at_once_row_by_row(world, token_client):
    body_rows = [*rows(2), {"employee_number": "Q00009", "name": "坏", "site_code": "NOPE"}]
    response = roster_post(token_client(world.hr), body_rows)
    assert response.status_code == 200
    assert [r["status"] for r in response.json()["rows"]] == ["created", "created", "error"]
    assert StaffProfile.objects.filter(employee_number__startswith="Q").count() == 2
    assert not RosterSyncJob.objects.exists()


def test_the_default_threshold_is_fifty_rows():
    from lms.settings import base

    assert base.ROSTER_SYNC_INLINE_MAX_ROWS == 50
