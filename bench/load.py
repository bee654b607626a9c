"""Load test: simulated trainees and managers against gunicorn + PostgreSQL on loopback, with the
production settings (Redis cache, cached_db sessions, whitenoise).

    .venv/bin/python bench/load.py                      # 300 trainees, 20 managers, 180 s
    .venv/bin/python bench/load.py --duration 60 --users 100 --managers 10 --ramp 20

It builds a scratch PostgreSQL database (bench_load_<pid>, dropped at the end), runs migrate,
collectstatic and the demo, adds the simulated staff over 10 sites (with sessions created
directly, so password hashing is not what is measured), starts gunicorn with
deploy/gunicorn.conf.py on a free loopback port, lets the simulated people arrive at random over
--ramp seconds (default 60), and then measures the workload with everyone present for --duration
seconds (default 180). Figures are of the measured window; the ramp-up's are printed apart
(requests_rampup=, p95_ms_rampup=) and its errors count in errors=.
Each simulated person waits a random think time (exponential, mean --think seconds) between
requests. Everything is bounded: the run stops after --duration (+ a 30 s drain), every request
has a 30 s timeout, and only 127.0.0.1 is contacted.

Trainees: my learning, course pages, lesson pages, "lesson done" (a POST with CSRF: a write that
is checked afterwards), a practice quiz (start, the paper, one answer saved per step, some changed,
hand-in once every answer is saved, then a new attempt), the demo's role-play scenarios (start,
one choice per step through the chat player, the debrief at the end, then a restart), my skills,
my quiz results, the learning API. Managers: the staff list, the skills dashboard, the team API.

Prints name=value lines: users=, requests=, rps=, p50_ms=, p95_ms=, p99_ms=, errors=,
lost_answers= (acknowledged answer saves whose value the database does not hold afterwards),
lost_writes= (acknowledged "lesson done" POSTs with no completion row afterwards), attempts
finished more than once, and a p95 per request kind."""

import argparse
import csv
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

# bench/ is on the path (run as a script, or bench/request_cpu.py puts it there). The scratch
# set-up is re-exported here because bench/request_cpu.py reuses it as load.<name>.
from loadlib.people import CHOICE, Bench, Person
from loadlib.report import machine_cpu_seconds, process_cpu_seconds, report_print
from loadlib.scratch import ROOT, VERIFY, manage, psql, scratch_data_build, scratch_env, server_start

__all__ = ["CHOICE", "ROOT", "main", "psql", "scratch_data_build", "scratch_env"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=300, help="simulated trainees")
    parser.add_argument("--managers", type=int, default=20, help="simulated managers")
    parser.add_argument("--duration", type=float, default=180.0, help="seconds measured, everyone present")
    parser.add_argument("--ramp", type=float, default=60.0, help="seconds over which people arrive (not measured)")
    parser.add_argument("--think", type=float, default=5.0, help="mean think time between a person's requests (s)")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
    parser.add_argument("--timeline", default="", help="write every request (start s, kind, status, ms) to this CSV")
    args = parser.parse_args()

    db = f"bench_load_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="bench_load_"))
    env = scratch_env(db, work, GUNICORN_WORKERS=str(args.workers), GUNICORN_LOG_LEVEL="warning")
    psql(f'CREATE DATABASE "{db}"')
    server = None
    try:
        t0 = time.monotonic()
        data = scratch_data_build(env, work, users=args.users, managers=args.managers)
        print(f"setup_s={time.monotonic() - t0:.0f}", flush=True)

        server, port = server_start(env, work)
        bench = Bench(port, data, args.duration, args.think, args.ramp)
        people = [Person(bench, "trainee", d) for d in data["trainees"]] + [
            Person(bench, "manager", d) for d in data["managers"]
        ]
        threads = [threading.Thread(target=p.run, daemon=True) for p in people]
        for thread in threads:
            thread.start()
        time.sleep(max(0.0, bench.measure_from - time.monotonic()))
        load_before = os.getloadavg()[0]
        cpu_before = process_cpu_seconds(server.pid)
        machine_before, own_before = machine_cpu_seconds(), time.process_time()
        started = time.monotonic()
        for thread in threads:
            thread.join(timeout=max(0.0, bench.deadline - time.monotonic()) + 30)
        elapsed = time.monotonic() - started
        cpu_used = process_cpu_seconds(server.pid) - cpu_before
        machine_after, own_used = machine_cpu_seconds(), time.process_time() - own_before
        load_after = os.getloadavg()[0]
        server.terminate()
        server.wait(timeout=60)
        server = None

        with bench.lock:
            timeline = list(bench.timeline)
            samples = [(label, status, ms) for t, label, status, ms in timeline if t >= 0]
            rampup = [(label, status, ms) for t, label, status, ms in timeline if t < 0]
            acked = {
                "lessons": list(bench.acked_pairs),
                "answers": [[a, q, r] for (a, q), r in bench.acked_answers.items()],
                "submitted": sorted(bench.submitted_attempts),
            }
        if args.timeline:
            with open(args.timeline, "w", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(["start_s", "kind", "status", "ms"])
                writer.writerows((f"{t:.3f}", label, status, f"{ms:.1f}") for t, label, status, ms in timeline)
        acked_file = work / "acked.json"
        acked_file.write_text(json.dumps(acked))
        verified = manage(env, "shell", "-c", VERIFY, extra_env={"BENCH_ACKED": str(acked_file)})
        check = json.loads(verified.strip().splitlines()[-1])
        report_print(
            data=data,
            args=args,
            elapsed=elapsed,
            samples=samples,
            rampup=rampup,
            cpu_used=cpu_used,
            own_used=own_used,
            machine_before=machine_before,
            machine_after=machine_after,
            load_before=load_before,
            load_after=load_after,
            acked=acked,
            check=check,
        )
        return 0
    finally:
        if server is not None:
            server.kill()
            server.wait()
        psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
