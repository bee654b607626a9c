"""Long rosters are imported by a task worker; short ones at once. Either way, once."""

import datetime as dt

import pytest

from org import services
from org.models import RosterImport, StaffProfile
from org.services import RosterImportError, roster_import_start, roster_import_upload
from org.tasks import roster_import_confirm_task
from tests.factories.org import HRAdminFactory
from tests.org.conftest import xlsx_bytes

pytestmark = pytest.mark.django_db

ROWS = [
    ["YG900", "周明", "", "客服", "YG", "", "", "", "YG901", ""],
    ["YG901", "钱芳", "", "客服", "YG", "", "", "", "", ""],
]


@pytest.fixture
def hr(org_units):
    return HRAdminFactory()


def _roster(hr):
    return roster_import_upload(uploaded_by=hr.user, data=xlsx_bytes(ROWS), filename="r.xlsx")


def test_a_short_roster_is_imported_at_once(hr):
    roster = roster_import_start(roster_import=_roster(hr), actor=hr.user)
    assert roster.status == RosterImport.Status.CONFIRMED
    assert StaffProfile.objects.filter(employee_number__in=["YG900", "YG901"]).count() == 2


def test_a_long_roster_is_queued_and_imported_by_the_task_after_commit(
    hr, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "ROSTER_IMPORT_SYNC_ROWS", 1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        roster = roster_import_start(roster_import=_roster(hr), actor=hr.user)
    assert roster.status == RosterImport.Status.QUEUED
    assert not StaffProfile.objects.filter(employee_number="YG900").exists()
    with pytest.raises(RosterImportError):
        roster_import_start(roster_import=roster, actor=hr.user)  # a second click

    for callback in callbacks:
        callback()
    roster.refresh_from_db()
    assert roster.status == RosterImport.Status.CONFIRMED
    assert StaffProfile.objects.get(employee_number="YG900").mentor.employee_number == "YG901"

    # Running the task again changes nothing.
    roster_import_confirm_task.call(roster_import_id=roster.pk, actor_id=hr.user.pk)
    assert StaffProfile.objects.filter(employee_number="YG900").count() == 1


def test_a_failing_queued_import_writes_nothing_and_can_be_retried(hr, monkeypatch):
    monkeypatch.setattr(services, "ROSTER_IMPORT_SYNC_ROWS", 1)
    roster = _roster(hr)
    RosterImport.objects.filter(pk=roster.pk).update(status=RosterImport.Status.QUEUED)
    calls = []

    def broken_upsert(**kwargs):
        calls.append(kwargs["employee_number"])
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return original(**kwargs)

    original = services.staff_upsert
    monkeypatch.setattr(services, "staff_upsert", broken_upsert)
    with pytest.raises(RuntimeError):
        roster_import_confirm_task.call(roster_import_id=roster.pk, actor_id=hr.user.pk)
    roster.refresh_from_db()
    assert roster.status == RosterImport.Status.FAILED
    # The first row had been saved before the failure: the transaction took it back.
    assert not StaffProfile.objects.filter(employee_number="YG900").exists()

    monkeypatch.setattr(services, "staff_upsert", original)
    monkeypatch.setattr(services, "ROSTER_IMPORT_SYNC_ROWS", 300)
    roster = roster_import_start(roster_import=roster, actor=hr.user)
    assert roster.status == RosterImport.Status.CONFIRMED
    assert StaffProfile.objects.filter(employee_number__in=["YG900", "YG901"]).count() == 2


def test_uploads_never_imported_are_deleted_after_a_week(hr, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    from org.tasks import roster_imports_expire

    old, fresh, done = _roster(hr), _roster(hr), _roster(hr)
    roster_import_start(roster_import=done, actor=hr.user)
    week_ago = timezone.now() - dt.timedelta(days=8)
    RosterImport.objects.filter(pk__in=[old.pk, done.pk]).update(created_at=week_ago)
    storage, name = old.file.storage, old.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert roster_imports_expire.call() == 1
    assert set(RosterImport.objects.values_list("pk", flat=True)) == {fresh.pk, done.pk}
    assert not storage.exists(name)


def test_an_import_whose_worker_was_lost_is_marked_failed_and_can_be_confirmed_again(
    hr, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "ROSTER_IMPORT_SYNC_ROWS", 1)
    with django_capture_on_commit_callbacks(execute=False):  # the task is lost with its worker
        roster = roster_import_start(roster_import=_roster(hr), actor=hr.user)
    queued_at = roster.queued_at
    assert queued_at is not None

    # Still within the margin: a long queue, not a lost task.
    soon = queued_at + dt.timedelta(minutes=services.ROSTER_IMPORT_STUCK_MINUTES - 1)
    assert services.roster_imports_stuck_fail(now=soon) == 0
    roster.refresh_from_db()
    assert roster.status == RosterImport.Status.QUEUED

    later = queued_at + dt.timedelta(minutes=services.ROSTER_IMPORT_STUCK_MINUTES + 1)
    assert services.roster_imports_stuck_fail(now=later) == 1
    assert services.roster_imports_stuck_fail(now=later) == 0  # a second sweep finds nothing
    roster.refresh_from_db()
    assert roster.status == RosterImport.Status.FAILED
    assert not StaffProfile.objects.filter(employee_number__in=["YG900", "YG901"]).exists()

    # A late task of the lost import does nothing; the uploader confirms again and it imports once.
    roster_import_confirm_task.call(roster_import_id=roster.pk, actor_id=hr.user.pk)
    assert not StaffProfile.objects.filter(employee_number="YG900").exists()
    with django_capture_on_commit_callbacks(execute=True):
        roster_import_start(roster_import=roster, actor=hr.user)
    roster.refresh_from_db()
    assert roster.status == RosterImport.Status.CONFIRMED
    assert StaffProfile.objects.filter(employee_number__in=["YG900", "YG901"]).count() == 2
