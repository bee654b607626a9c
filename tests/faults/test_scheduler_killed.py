"""Reminders survive a lost host: two schedulers run against one database, one leads through the
PostgreSQL advisory lock; the leader is killed (SIGKILL, as a host lost at once), the other takes
over within seconds, the reminders of people added after the kill still go out by e-mail to a
local SMTP server, and nothing is enqueued or sent twice."""

import json
import re
import signal
import time
from collections import Counter

import psycopg
import pytest

from tests.fakes.smtp import SmtpFake
from tests.faults.cluster import PY, Processes, wait_until

pytestmark = pytest.mark.postgres

PEOPLE = 12
REMINDERS = "courses.tasks.course_reminders_task"
# Periods of seconds instead of a day, so the test sees many of them.
PERIODIC = [[REMINDERS, 2], ["notifications.tasks.deliveries_sweep_task", 5]]


def leader_of(site) -> dict[str, bool]:
    """Which scheduler (by its log) last said it leads."""
    leading = {}
    for name in ("scheduler-a", "scheduler-b"):
        log = site.workdir / f"{name}.log"
        lines = log.read_text(errors="replace").splitlines() if log.exists() else []
        states = [line for line in lines if re.search(r"scheduler \S+ (leads|stopped leading)", line)]
        leading[name] = bool(states) and states[-1].endswith("leads")
    return leading


def counts(database_url: str) -> dict:
    with psycopg.connect(database_url, connect_timeout=5) as conn:
        runs = conn.execute(
            "SELECT count(*), count(DISTINCT (task_path, period_start)) FROM academy_periodictaskrun "
            "WHERE task_path = %s",
            [REMINDERS],
        ).fetchone()
        queued = conn.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path = %s", [REMINDERS]
        ).fetchone()[0]
        notifications = conn.execute(
            "SELECT count(*), count(DISTINCT (user_id, key)) FROM notifications_notification"
        ).fetchone()
        deliveries = dict(
            conn.execute("SELECT status, count(*) FROM notifications_delivery GROUP BY status").fetchall()
        )
        schedulers = conn.execute("SELECT count(DISTINCT scheduler) FROM academy_periodictaskrun").fetchone()[0]
    return {
        "runs": runs[0],
        "distinct_periods": runs[1],
        "queued": queued,
        "notifications": notifications[0],
        "distinct_notifications": notifications[1],
        "deliveries": deliveries,
        "schedulers": schedulers,
    }


def test_a_killed_leader_is_replaced_and_reminders_still_go_out_once(fault_site, capsys):
    smtp = SmtpFake().start()
    try:
        env = fault_site.processes.env
        env.update(
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(smtp.port),
            LMS_FAULTS_PERIODIC=json.dumps(PERIODIC),
        )
        fault_site.world("due", "--count", str(PEOPLE), "--prefix", "FA")
        fault_site.processes.spawn(
            "db_worker", [PY, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"]
        )
        schedulers = {
            name: fault_site.processes.spawn(name, [PY, "-u", "manage.py", "scheduler"])
            for name in ("scheduler-a", "scheduler-b")
        }
        wait_until(lambda: any(leader_of(fault_site).values()), timeout=60, interval=0.2, what="a scheduler leading")
        wait_until(lambda: len(smtp.received) >= PEOPLE, timeout=90, interval=0.2, what="the first reminders mailed")
        time.sleep(6)  # a few more periods and elections: the one who stands by must stay so
        assert sum(leader_of(fault_site).values()) == 1, leader_of(fault_site)
        leader = next(name for name, leads in leader_of(fault_site).items() if leads)
        other = next(name for name in schedulers if name != leader)
        before = counts(fault_site.database_url)

        Processes.kill(schedulers[leader], signal.SIGKILL)
        killed_at = time.monotonic()
        fault_site.world("due", "--count", str(PEOPLE), "--prefix", "FB")  # people due after the loss
        wait_until(lambda: leader_of(fault_site)[other], timeout=60, interval=0.1, what="the other scheduler leading")
        took_over = time.monotonic() - killed_at
        wait_until(
            lambda: len(smtp.received) >= 2 * PEOPLE, timeout=90, interval=0.2, what="the later reminders mailed"
        )
        delivered = time.monotonic() - killed_at
        time.sleep(5)  # more periods under the new leader: still nothing twice
        after = counts(fault_site.database_url)
    finally:
        smtp.stop()

    recipients = Counter(r for message in smtp.received for r in message.recipients)
    with capsys.disabled():
        print(
            f"\n[faults] scheduler killed: {leader} led; {other} took over {took_over:.1f} s after the kill; "
            f"the {PEOPLE} reminders due after it mailed {delivered:.1f} s after it; before the kill "
            f"{before['runs']} reminder periods run, after {after['runs']} (by {after['schedulers']} schedulers); "
            f"mails {len(smtp.received)} to {len(recipients)} people; deliveries {after['deliveries']}"
        )
    assert took_over < 60
    assert len(recipients) == 2 * PEOPLE
    assert set(recipients.values()) == {1}, "someone was reminded twice"
    assert after["runs"] == after["distinct_periods"] == after["queued"], "a period was enqueued twice"
    assert after["runs"] > before["runs"], "nothing was scheduled after the kill"
    assert after["schedulers"] == 2
    assert after["notifications"] == after["distinct_notifications"] == 2 * PEOPLE
    assert after["deliveries"] == {"sent": 2 * PEOPLE}
