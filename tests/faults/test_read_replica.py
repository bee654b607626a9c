"""The reports read a real streaming read replica (a hot standby of the private cluster) and
everything else the primary: held behind with its WAL replay paused, the standby shows the
managers' dashboard and its Excel exports the team as it was, while every other page already shows
the new colleague – and the exports' own writes still land on the primary, which they could not
if they went to the read-only standby."""

import http.client
import io
import time
from pathlib import Path

import psycopg
import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.postgres

TEAM = 3
NEWCOMER = "回放暂停新同事"


def page(port: int, session: str, path: str) -> str:
    """A page as the manager's browser gets it; a redirect or error fails the test."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Cookie": f"sessionid={session}", "Host": "127.0.0.1"})
        response = conn.getresponse()
        body = response.read().decode()
    finally:
        conn.close()
    assert response.status == 200, f"GET {path} answered {response.status}"
    return body


def on_standby(standby, database_url: str) -> str:
    """The test's database on the standby (its DATABASE_REPLICA_URL)."""
    return f"{standby.url}/{database_url.rsplit('/', 1)[1]}"


def standby_count(standby, database_url: str, sql: str) -> int:
    with psycopg.connect(on_standby(standby, database_url), connect_timeout=5) as conn:
        return conn.execute(sql).fetchone()[0]


def test_the_dashboard_shows_the_replica_and_other_pages_the_primary(fault_site, read_replica, capsys):
    team = fault_site.world("team", "--staff", str(TEAM))
    read_replica.caught_up()
    _server, port = fault_site.processes.gunicorn(workers=1, threads=2)
    session = team["session"]
    dashboard = page(port, session, "/skills/team/")
    assert all(name in dashboard for name in team["staff"]), "the dashboard does not list the team"

    read_replica.replay_pause()
    fault_site.world("staff-add", "--number", "FT900", "--name", NEWCOMER)
    held_at = time.monotonic()
    # The staff list reads outside reporting(): the primary, with the newcomer.
    assert NEWCOMER in page(port, session, "/people/")
    # The dashboard reads inside reporting(): the standby, which has not replayed the newcomer yet.
    dashboard = page(port, session, "/skills/team/")
    assert all(name in dashboard for name in team["staff"])
    assert NEWCOMER not in dashboard
    held = standby_count(read_replica, fault_site.database_url, "SELECT count(*) FROM org_staffprofile")
    assert held == 1 + TEAM  # the manager and the team: the newcomer is on the primary only

    read_replica.replay_resume()
    resumed_at = time.monotonic()
    read_replica.caught_up()
    caught_up_at = time.monotonic()
    assert NEWCOMER in page(port, session, "/skills/team/")
    with capsys.disabled():
        print(
            f"\n[faults] read replica: dashboard held behind for {resumed_at - held_at:.2f} s while /people/ "
            f"showed the newcomer; standby caught up {caught_up_at - resumed_at:.2f} s after replay resumed"
        )


def test_an_export_built_from_a_lagging_replica_is_written_to_the_primary(fault_site, read_replica, capsys):
    team = fault_site.world("team", "--staff", str(TEAM))
    read_replica.caught_up()
    read_replica.replay_pause()
    fault_site.world("staff-add", "--number", "FT900", "--name", NEWCOMER)
    # `late` reads through a server-side cursor (iterator()), which must work on a standby too.
    exports = fault_site.world(
        "export-request", "--manager", str(team["manager"]), "--table", "matrix", "--table", "late"
    )["exports"]

    started = time.monotonic()
    fault_site.processes.manage(
        "db_worker", "--batch", "--interval", "0", "--no-startup-delay", "--no-reload", timeout=120
    )
    built_in = time.monotonic() - started

    with psycopg.connect(fault_site.database_url, connect_timeout=5) as conn:
        rows = conn.execute(
            'SELECT "table", status, rows, error, file FROM skills_dashboardexport ORDER BY id'
        ).fetchall()
        tasks = conn.execute(
            "SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path LIKE '%dashboard_export_build_task' GROUP BY status"
        ).fetchall()
        in_scope = conn.execute(
            "SELECT count(*) FROM org_staffprofile WHERE site_id = (SELECT id FROM org_site WHERE code = 'FT') "
            "AND user_id <> %s",
            (team["manager"],),
        ).fetchone()[0]
    built = {table: (status, n, error, file) for table, status, n, error, file in rows}
    assert set(built) == set(exports)
    assert {table: (status, error) for table, (status, _n, error, _f) in built.items()} == {
        "matrix": ("ready", ""),
        "late": ("ready", ""),
    }
    assert dict(tasks) == {"SUCCESSFUL": 2}
    # The matrix is the replica's team (held before the newcomer), though the primary has them.
    assert in_scope == TEAM + 1
    assert built["matrix"][1] == TEAM and built["late"][1] == 0
    media = Path(fault_site.processes.env["DJANGO_MEDIA_ROOT"])
    sheet = load_workbook(io.BytesIO((media / built["matrix"][3]).read_bytes()), read_only=True).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(team["staff"])
    assert (media / built["late"][3]).stat().st_size > 0

    # The standby was behind the whole time (it has not even the export rows) and refuses writes:
    # a status or file saved there would have failed the build instead of making it ready.
    assert standby_count(read_replica, fault_site.database_url, "SELECT count(*) FROM skills_dashboardexport") == 0
    with (
        psycopg.connect(on_standby(read_replica, fault_site.database_url), connect_timeout=5) as conn,
        pytest.raises(psycopg.errors.ReadOnlySqlTransaction),
    ):
        conn.execute("UPDATE org_staffprofile SET name = name")

    read_replica.replay_resume()
    read_replica.caught_up()
    assert (
        standby_count(
            read_replica, fault_site.database_url, "SELECT count(*) FROM skills_dashboardexport WHERE status = 'ready'"
        )
        == 2
    )
    with capsys.disabled():
        print(
            f"\n[faults] read replica: two exports built from the held-back standby in {built_in:.2f} s (worker start included)"
        )


def test_deploy_migrate_does_not_need_the_replica_and_never_migrates_it(fault_site, read_replica):
    """The deploy's `migrate` (deploy/systemd/academy-migrate.service) runs with the production
    environment, DATABASE_REPLICA_URL included. It migrates the primary without connecting to the
    replica, so a replica that is down does not hold up a deploy; aimed at the replica it finds
    every migration already there (replicated) and writes nothing, which the standby would refuse."""
    read_replica.stop()
    assert "No migrations to apply" in fault_site.processes.manage("migrate", "--noinput")
    read_replica.start()
    assert "No migrations to apply" in fault_site.processes.manage("migrate", "--database", "replica", "--noinput")


def test_with_the_replica_down_the_reports_read_the_primary(fault_site, read_replica, capsys):
    """A replica that is down does not take the dashboard or the exports with it: the reports
    read the primary (core.db_router.replica_usable), which already has the newcomer."""
    team = fault_site.world("team", "--staff", str(TEAM))
    _server, port = fault_site.processes.gunicorn(workers=1, threads=2)
    read_replica.stop()
    fault_site.world("staff-add", "--number", "FT900", "--name", NEWCOMER)

    started = time.monotonic()
    dashboard = page(port, team["session"], "/skills/team/")
    answered_in = time.monotonic() - started
    assert NEWCOMER in dashboard and all(name in dashboard for name in team["staff"])

    exports = fault_site.world("export-request", "--manager", str(team["manager"]), "--table", "matrix")["exports"]
    fault_site.processes.manage("db_worker", "--batch", "--interval", "0", "--no-startup-delay", "--no-reload")
    with psycopg.connect(fault_site.database_url, connect_timeout=5) as conn:
        built = conn.execute('SELECT "table", status, rows, error FROM skills_dashboardexport').fetchall()
    assert [(table, status, rows, error) for table, status, rows, error in built] == [("matrix", "ready", TEAM + 1, "")]
    assert set(exports) == {"matrix"}
    with capsys.disabled():
        print(f"\n[faults] read replica down: the dashboard answered from the primary in {answered_in:.2f} s")
