"""Notification bench: ten thousand staff with training due, reminded by the scheduler's task and
delivered by two task workers to a local SMTP server and a local WeCom API, on PostgreSQL.

    .venv/bin/python bench/notifications.py                 # 10,000 staff
    .venv/bin/python bench/notifications.py --staff 2000 --workers 2

It builds a scratch PostgreSQL database (bench_notify_<pid>, dropped at the end) with the
production settings (Redis cache for the WeCom token), migrates it, and adds --staff people, each
with an e-mail address, a WeCom user id and a course due tomorrow (bench/notifications_world.py).
It starts a local SMTP server (aiosmtpd) and a local HTTP server answering as WeCom's gettoken and
message/send (tests/fakes), each in a process of its own, and --workers `manage.py db_worker`
processes; then `manage.py scheduler --once` enqueues the courses reminder task
(courses.tasks.course_reminders_task), a worker runs it (one "due soon" notification per person,
each with an e-mail and a WeCom delivery, queued 50 to a task as each batch of 500 commits), and the
workers send them all. The clock runs from the scheduler's enqueue to the last delivery recorded
sent.

Prints: notifications= (made by the reminder run), deliveries= (sent, all channels),
generate_s= (the reminder task), elapsed_s=, delivered_per_s= (deliveries sent / elapsed_s),
duplicates= (messages the fakes received beyond one per person and channel), lost= (deliveries
expected that no fake received), token_requests= (WeCom gettoken calls), failed= (deliveries
failed for good). Target on the 2-core reference machine: delivered_per_s >= 200, duplicates=0,
lost=0."""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadlib.scratch import PG, PY, manage, psql, scratch_env  # noqa: E402

SERVE_FAKES = r"""
import json, signal, sys, threading, time
from collections import Counter
from tests.fakes.smtp import SmtpFake
from tests.fakes.work_apps import WorkAppFake
kind, out = sys.argv[1], sys.argv[2]
fake = SmtpFake() if kind == "smtp" else WorkAppFake(key="bench-corp", secret="bench-secret")
fake.start()
port = fake.port if kind == "smtp" else fake.server.server_address[1]
print(json.dumps({"port": port}), flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
stop.wait()
if kind == "smtp":
    received = Counter(r for m in fake.received for r in m.recipients)
    tokens = 0
else:
    received = Counter(r.body["touser"] for r in fake.sends)
    tokens = len(fake.token_requests())
json.dump({"received": received, "tokens": tokens}, open(out, "w"))
"""

BUILD = r"""
import json, os
from bench.notifications_world import due_staff_build
users = due_staff_build(count=int(os.environ["BENCH_STAFF"]), prefix="NB", wecom=True)
print(json.dumps({"users": len(users)}))
"""

STATUS = (
    "SELECT (SELECT count(*) FROM notifications_notification), "
    "(SELECT count(*) FROM notifications_delivery WHERE status = 'sent'), "
    "(SELECT count(*) FROM notifications_delivery WHERE status = 'failed'), "
    "(SELECT count(*) FROM notifications_delivery), "
    "(SELECT max(finished_at) - min(started_at) FROM django_tasks_database_dbtaskresult "
    " WHERE task_path = 'courses.tasks.course_reminders_task' AND status = 'SUCCESSFUL')"
)


def fake_start(kind: str, work: Path) -> tuple[subprocess.Popen, int, Path]:
    out = work / f"{kind}.json"
    process = subprocess.Popen(
        [PY, "-c", SERVE_FAKES, kind, str(out)], cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ}
    )
    port = json.loads(process.stdout.readline())["port"]
    return process, port, out


def fake_stop(process: subprocess.Popen, out: Path) -> dict:
    process.send_signal(signal.SIGTERM)
    process.wait(30)
    return json.loads(out.read_text())


def status(db: str) -> tuple[int, int, int, int, float | None]:
    row = subprocess.run(
        ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", db, "-qAtF", ",", "-c", STATUS],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    notifications, sent, failed, total, generate = row.split(",")
    seconds = None
    if generate:
        hours, minutes, secs = generate.split(":")
        seconds = int(hours) * 3600 + int(minutes) * 60 + float(secs)
    return int(notifications), int(sent), int(failed), int(total), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    db = f"bench_notify_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="bench-notify-"))
    processes: list[subprocess.Popen] = []
    psql(f'CREATE DATABASE "{db}"')
    try:
        smtp, smtp_port, smtp_out = fake_start("smtp", work)
        wecom, wecom_port, wecom_out = fake_start("wecom", work)
        env = scratch_env(
            db,
            work,
            DJANGO_SETTINGS_MODULE="bench.notifications_settings",
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(smtp_port),
            WECOM_API=f"http://127.0.0.1:{wecom_port}",
            WECOM_CORP_ID="bench-corp",
            WECOM_SECRET="bench-secret",  # noqa: S106 - the local fake's
            WECOM_AGENT_ID="1000002",
            DJANGO_CONN_MAX_AGE="600",
        )
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "shell", "-c", BUILD, extra_env={"BENCH_STAFF": str(args.staff)})
        for n in range(args.workers):
            processes.append(
                subprocess.Popen(
                    [PY, "manage.py", "db_worker", "--interval", "0.05", "--no-startup-delay", "--no-reload"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=open(work / f"worker{n}.log", "w"),  # noqa: SIM115 - closed with the process
                )
            )
        time.sleep(5)  # the workers start (Django set-up) before the clock does
        started = time.monotonic()
        manage(env, "scheduler", "--once")
        expected = 2 * args.staff
        deadline = started + args.timeout
        while True:
            notifications, sent, failed, total, generate_s = status(db)
            if (total and sent + failed >= expected) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        mails = fake_stop(smtp, smtp_out)
        messages = fake_stop(wecom, wecom_out)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        for process in (locals().get("smtp"), locals().get("wecom")):
            if process is not None and process.poll() is None:
                process.kill()
        psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    received = [*mails["received"].values(), *messages["received"].values()]
    duplicates = sum(count - 1 for count in received if count > 1)
    lost = expected - len(received)
    print(f"staff={args.staff}")
    print(f"workers={args.workers}")
    print(f"notifications={notifications}")
    print(f"deliveries={sent}")
    print(f"failed={failed}")
    print(f"generate_s={generate_s:.1f}" if generate_s is not None else "generate_s=")
    print(f"elapsed_s={elapsed:.1f}")
    print(f"delivered_per_s={sent / elapsed:.0f}")
    print(f"duplicates={duplicates}")
    print(f"lost={lost}")
    print(f"token_requests={messages['tokens']}")


if __name__ == "__main__":
    main()
