"""Building dashboard exports in the background: once, with the requester's scope at build time,
failures recorded; stuck exports failed and old files deleted by the periodic sweeps."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from org.models import Role
from skills.models import DashboardExport
from skills.selectors.dashboard import Filters
from skills.services import (
    dashboard_export_build,
    dashboard_export_request,
    dashboard_exports_expire,
    dashboard_exports_stuck_fail,
)
from skills.tasks import dashboard_export_build_task
from tests.factories.skills import DashboardExportFactory

pytestmark = pytest.mark.django_db


def queued(world, table="matrix") -> DashboardExport:
    return DashboardExportFactory(
        requested_by=world.manager_a.user, table=table, status=DashboardExport.Status.QUEUED, finished_at=None
    )


def test_request_queues_the_build_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        export = dashboard_export_request(requester=world.manager_a.user, table="matrix", filters=Filters(q="王"))
    assert export.status == DashboardExport.Status.QUEUED and export.filters == {"q": "王"}
    assert len(callbacks) == 1


def test_a_trainee_cannot_request_an_export(world):
    from skills.services.exports import DashboardExportNotAllowed

    with pytest.raises(DashboardExportNotAllowed):
        dashboard_export_request(requester=world.trainee_a.user, table="matrix", filters=Filters())


def test_the_task_run_twice_builds_once(world):
    export = queued(world)
    with mock.patch("skills.services.exports.dashboard_export", return_value=(b"PK-first", 1)) as build:
        dashboard_export_build_task.call(export_id=export.pk)
        export.refresh_from_db()
        first_file = export.file.name
        assert export.status == DashboardExport.Status.READY
        result = dashboard_export_build_task.call(export_id=export.pk)
    assert build.call_count == 1 and result == DashboardExport.Status.READY
    export.refresh_from_db()
    assert export.file.name == first_file and export.file.read() == b"PK-first"


def test_a_failed_build_records_the_error(world):
    export = queued(world)
    with mock.patch("skills.services.exports.dashboard_export", side_effect=ValueError("disk full")):
        dashboard_export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == DashboardExport.Status.FAILED
    assert export.error == DashboardExport.ERROR_FAILED and not export.file and export.finished_at
    # The requester reads that it failed, not the exception (which may name hosts or paths).
    assert "disk full" not in export.error_display and export.error_display


def test_a_failed_export_is_not_built_again_by_a_late_task(world):
    export = queued(world)
    export.status = DashboardExport.Status.FAILED
    export.save()
    with mock.patch("skills.services.exports.dashboard_export") as build:
        dashboard_export_build(export_id=export.pk)
    assert not build.called


def test_the_scope_is_the_requesters_at_build_time(world):
    export = queued(world)
    profile = world.manager_a
    profile.role = Role.TRAINEE
    profile.save()
    dashboard_export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == DashboardExport.Status.FAILED and export.error == DashboardExport.ERROR_NOT_ALLOWED
    assert "no longer manage" in export.error_display


def test_the_build_reads_inside_a_reporting_block(world):
    from core import db_router

    seen = []

    def fake_export(**kwargs):
        seen.append(db_router.in_reporting())
        return b"PK", 0

    export = queued(world)
    with mock.patch("skills.services.exports.dashboard_export", side_effect=fake_export):
        dashboard_export_build(export_id=export.pk)
    assert seen == [True] and not db_router.in_reporting()


def test_exports_stuck_in_the_queue_become_failed(world):
    old = queued(world)
    DashboardExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    running = queued(world)
    DashboardExport.objects.filter(pk=running.pk).update(
        status=DashboardExport.Status.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    recent = queued(world)
    assert dashboard_exports_stuck_fail() == 2
    assert set(DashboardExport.objects.filter(status=DashboardExport.Status.FAILED).values_list("pk", flat=True)) == {
        old.pk,
        running.pk,
    }
    recent.refresh_from_db()
    assert recent.status == DashboardExport.Status.QUEUED
    # A late task for the failed export changes nothing.
    assert dashboard_export_build(export_id=old.pk).status == DashboardExport.Status.FAILED


def test_a_week_old_file_is_deleted_and_the_export_expires(world, django_capture_on_commit_callbacks):
    old = DashboardExportFactory(requested_by=world.manager_a.user)
    DashboardExport.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))
    fresh = DashboardExportFactory(requested_by=world.manager_a.user)
    storage, name = old.file.storage, old.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert dashboard_exports_expire() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == DashboardExport.Status.EXPIRED and not old.file and not storage.exists(name)
    assert fresh.status == DashboardExport.Status.READY and fresh.file.storage.exists(fresh.file.name)


def test_erasing_a_leaver_expires_every_built_file_that_may_name_them(world, django_capture_on_commit_callbacks):
    from privacy.services import personal_data_erase
    from tests.factories.org import HRAdminFactory

    built = DashboardExportFactory(requested_by=world.manager_a.user)
    storage, name = built.file.storage, built.file.name
    with django_capture_on_commit_callbacks(execute=True):
        personal_data_erase(actor=HRAdminFactory().user, profile=world.trainee_a)
    built.refresh_from_db()
    assert built.status == DashboardExport.Status.EXPIRED and not storage.exists(name)
