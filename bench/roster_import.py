"""Roster import and people-page figures on an in-memory SQLite database.

Run: .venv/bin/python bench/roster_import.py [rows]   (default 1000)
Prints name=value lines."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def main(rows: int) -> None:
    import logging

    logging.disable(logging.INFO)
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    from django.test import Client
    from django.urls import reverse

    from org.models import Role
    from org.roster import roster_plan
    from org.services import roster_import_confirm, roster_import_upload, staff_role_sync, staff_set_scope
    from tests.factories.org import DepartmentFactory, HRAdminFactory, ManagerFactory, PostFactory, SiteFactory
    from tests.org.conftest import xlsx_bytes

    yg, ch = SiteFactory(code="YG", name="阳光花园"), SiteFactory(code="CH", name="翠湖苑")
    posts = [PostFactory(code=c, name=n) for c, n in (("kefu", "客服"), ("anbao", "秩序/安保"), ("baojie", "保洁"))]
    for site in (yg, ch):
        DepartmentFactory(site=site, name="客服部")
    hr = HRAdminFactory(site=yg)
    staff_role_sync(profile=hr)
    table = []
    for i in range(rows):
        site = "阳光花园" if i % 2 else "翠湖苑"
        manager = "" if i < 10 else f"B{i % 10:05d}"
        table.append(
            [f"B{i:05d}", f"员工{i}", f"139{i:08d}", posts[i % 3].name, site, "", "2025-03-01", manager, "", ""]
        )
    data = xlsx_bytes(table)
    print(f"rows={rows}")
    print(f"file_bytes={len(data)}")

    started = time.perf_counter()
    roster = roster_import_upload(uploaded_by=hr.user, data=data, filename="bench.xlsx")
    print(f"read_seconds={time.perf_counter() - started:.2f}")

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        plan = roster_plan(rows=roster.rows)
    print(f"preview_seconds={time.perf_counter() - started:.2f}")
    print(f"preview_queries={len(queries.captured_queries)}")
    assert plan.counts["create"] == rows, plan.counts

    started = time.perf_counter()
    roster_import_confirm(roster_import=roster, actor=hr.user)
    print(f"confirm_create_seconds={time.perf_counter() - started:.2f}")

    again = roster_import_upload(uploaded_by=hr.user, data=data, filename="bench.xlsx")
    started = time.perf_counter()
    again = roster_import_confirm(roster_import=again, actor=hr.user)
    print(f"confirm_unchanged_seconds={time.perf_counter() - started:.2f}")
    assert again.result["counts"]["unchanged"] == rows

    manager = ManagerFactory(site=yg, role=Role.MANAGER, managed_sites=[yg])
    staff_set_scope(profile=manager, sites=[yg])
    client = Client()
    client.force_login(manager.user)
    url = reverse("people:staff_list")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, {"page": 3})
    assert response.status_code == 200
    print(f"staff_list_ms={(time.perf_counter() - started) * 1000:.0f}")
    print(f"staff_list_queries={len(queries.captured_queries)}")
    started = time.perf_counter()
    response = client.get(reverse("people:staff_export"))
    print(f"export_{rows // 2}_people_ms={(time.perf_counter() - started) * 1000:.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
