"""Two HR clicks on "import" at the same moment import the roster once (row lock on PostgreSQL)."""

import threading

import pytest
from django.db import connection

from core.models import AuditEvent
from org.models import StaffProfile
from org.services import RosterImportError, roster_import_start, roster_import_upload
from tests.factories.org import HRAdminFactory
from tests.org.conftest import xlsx_bytes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_confirms_import_once(org_units):
    hr = HRAdminFactory()
    roster = roster_import_upload(
        uploaded_by=hr.user,
        data=xlsx_bytes([["YG900", "周明", "", "客服", "YG", "", "", "", "", ""]]),
        filename="r.xlsx",
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click():
        barrier.wait()
        try:
            roster_import_start(roster_import=roster, actor=hr.user)
            outcomes.append("imported")
        except RosterImportError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["imported", "refused"]
    assert StaffProfile.objects.filter(employee_number="YG900").count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROSTER_IMPORT).count() == 1
