"""A task worker is killed (SIGKILL, as the OOM killer does) while rendering certificates. The
rerun – a worker started again plus the periodic sweep that queues certificates whose render was
lost – leaves exactly one certificate per holder and achievement, every one ready with its file."""

import signal
import time
from pathlib import Path

import psycopg
import pytest

from tests.faults.cluster import PY, Processes, wait_until

pytestmark = pytest.mark.postgres

CERTIFICATES = 10


def render_counts(database_url: str) -> dict[str, int]:
    """Certificates by status and render tasks by status, read straight from the database."""
    with psycopg.connect(database_url, connect_timeout=5) as conn:
        counts = dict(conn.execute("SELECT status, count(*) FROM certificates_certificate GROUP BY status").fetchall())
        tasks = conn.execute(
            "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
        ).fetchall()
    counts.update({f"task_{status.lower()}": n for status, n in tasks})
    return counts


def rendering_now(database_url: str) -> list[int]:
    """Certificates a worker has claimed the render task of and not finished yet."""
    with psycopg.connect(database_url, connect_timeout=5) as conn:
        return [
            pk
            for (pk,) in conn.execute(
                "SELECT c.id FROM django_tasks_database_dbtaskresult t JOIN certificates_certificate c "
                "ON c.id = (t.args_kwargs -> 'kwargs' ->> 'certificate_id')::int "
                "WHERE t.status = 'RUNNING' AND c.status = 'pending'"
            )
        ]


# A certificate pending this long after its render was queued counts as stuck (production: 15
# minutes); short here so the rerun's sweep does not wait.
STUCK_SECONDS = "1"


def worker(site):
    return site.processes.spawn(
        "db_worker",
        [PY, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
        extra_env={"DJANGO_CERTIFICATE_RENDER_STUCK_SECONDS": STUCK_SECONDS},
    )


def test_rerun_after_a_killed_worker_gives_exactly_one_ready_certificate_each(fault_site, capsys):
    issued = fault_site.world("certificates", "--count", str(CERTIFICATES))["certificates"]
    assert render_counts(fault_site.database_url)["pending"] == CERTIFICATES

    started = time.monotonic()
    first = worker(fault_site)
    # Kill it in the middle of a render, once a few certificates are done.
    wait_until(
        lambda: render_counts(fault_site.database_url).get("ready", 0) >= 2 and rendering_now(fault_site.database_url),
        timeout=60,
        interval=0.05,
        what="the worker rendering, with the first certificates done",
    )
    Processes.kill(first, signal.SIGKILL)
    killed_at = time.monotonic()
    at_kill = render_counts(fault_site.database_url)
    lost = rendering_now(fault_site.database_url)
    assert at_kill.get("pending", 0) > 0, f"every certificate was rendered before the kill: {at_kill}"
    assert len(lost) == 1, f"the killed worker should have left exactly one render claimed: {lost}"

    # The rerun: a worker again and the scheduler's periodic tasks, among them the sweep of
    # certificates stuck pending, until every certificate is ready.
    second = worker(fault_site)
    time.sleep(float(STUCK_SECONDS))  # the certificates queued at issue are now past the threshold
    fault_site.processes.manage("scheduler", "--once", timeout=60)
    wait_until(
        lambda: render_counts(fault_site.database_url).get("ready", 0) >= CERTIFICATES,
        timeout=90,
        interval=0.2,
        what="every certificate ready after the rerun",
    )
    recovered_at = time.monotonic()
    Processes.kill(second, signal.SIGTERM)

    state = fault_site.state()
    certificates = state["certificates"]
    media = Path(fault_site.processes.env["DJANGO_MEDIA_ROOT"])
    files = sorted(p.relative_to(media).as_posix() for p in media.rglob("*.pdf"))
    referenced = {c["file"] for c in certificates}
    with capsys.disabled():
        print(
            f"\n[faults] worker killed: {CERTIFICATES} certificates; at the kill "
            f"{at_kill.get('ready', 0)} ready, {at_kill.get('pending', 0)} pending, "
            f"the render of certificate {lost[0]} left claimed (RUNNING) by the dead worker; "
            f"killed {killed_at - started:.2f} s after the worker started; all ready "
            f"{recovered_at - killed_at:.2f} s after the kill; renders per certificate "
            f"{sorted(c['render_attempts'] for c in certificates)}; task results {state['tasks']}; "
            f"PDF files {len(files)} ({len(set(files) - referenced)} orphaned by the kill)"
        )

    assert sorted(c["pk"] for c in certificates) == sorted(issued)
    holders = [(c["user"], c["key"], c["cycle"]) for c in certificates]
    assert len(holders) == len(set(holders)) == CERTIFICATES
    assert all(c["status"] == "ready" and c["file_exists"] for c in certificates), certificates
    assert all(c["render_attempts"] == 1 for c in certificates), "a certificate was rendered twice"
    assert state["tasks"].get("certificates_render_stuck_requeue_task:SUCCESSFUL") == 1
    assert state["tasks"].get("certificate_render_task:RUNNING") == 1  # the lost one, never reclaimed
    assert len(referenced) == CERTIFICATES
