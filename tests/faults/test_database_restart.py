"""The database crashes and comes back while trainees are saving answers: no answer the server
acknowledged is lost, saves during the outage are refused quickly (never a hang), and the web
processes recover by themselves once the database is back (no gunicorn restart)."""

import random
import threading
import time

import pytest

from tests.faults.client import REQUEST_TIMEOUT, Trainee, answers_check
from tests.faults.cluster import wait_until

pytestmark = pytest.mark.postgres

TRAINEES = 6
BEFORE_SECONDS = 2.0  # saving normally before the crash
OUTAGE_SECONDS = 1.5  # the database is down this long (plus its crash recovery)
AFTER_SECONDS = 3.0  # saving after the database is back


def test_database_crash_loses_no_acknowledged_answer_and_service_recovers_by_itself(fault_site, capsys):
    world = fault_site.world("quiz", "--trainees", str(TRAINEES), "--questions", "8")
    server, port = fault_site.processes.gunicorn(workers=2, threads=4)
    trainees = [Trainee(port=port, session_key=key) for key in world["sessions"]]
    for trainee in trainees:
        trainee.start(world["quiz_id"])

    stop, reading = threading.Event(), threading.Event()
    in_flight = threading.Semaphore(TRAINEES)

    def autosave(trainee: Trainee, seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            if reading.is_set():  # everyone reading a question: no request in flight
                time.sleep(0.02)
                continue
            with in_flight:
                trainee.save(*trainee.pick(rng))
            time.sleep(rng.uniform(0.02, 0.08))  # typing

    threads = [threading.Thread(target=autosave, args=(t, i), daemon=True) for i, t in enumerate(trainees)]
    for thread in threads:
        thread.start()
    time.sleep(BEFORE_SECONDS)

    # 1. The database crashes while answers are being saved.
    crashed_at = time.monotonic()
    fault_site.cluster.stop("immediate")  # every PostgreSQL process quits at once: a crash
    time.sleep(OUTAGE_SECONDS)
    fault_site.cluster.start()  # crash recovery from the WAL, then accepting connections again
    back_at = time.monotonic()

    def everyone_saved_since(moment: float) -> bool:
        return all(any(s.status == 200 and s.started >= moment for s in t.saves) for t in trainees)

    wait_until(lambda: everyone_saved_since(back_at), timeout=30, interval=0.1, what="every trainee saving again")
    recovered_at = time.monotonic()
    time.sleep(AFTER_SECONDS)

    # 2. It crashes again while nobody is saving: every web thread's kept connection is now dead
    #    without any request having noticed; the next saves must not fail on them.
    reading.set()
    for _ in range(TRAINEES):
        assert in_flight.acquire(timeout=REQUEST_TIMEOUT + 5)
    fault_site.cluster.stop("immediate")
    fault_site.cluster.start()
    quiet_back_at = time.monotonic()
    for _ in range(TRAINEES):
        in_flight.release()
    reading.clear()
    wait_until(lambda: everyone_saved_since(quiet_back_at), timeout=30, interval=0.1, what="saving after a quiet crash")
    time.sleep(AFTER_SECONDS)

    stop.set()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT + 5)
    assert not any(thread.is_alive() for thread in threads), "a trainee's save hung past its timeout"

    held = fault_site.state()["answers"]
    problems = [p for t in trainees for p in answers_check(t, held.get(str(t.attempt_id), {}))]
    saves = [s for t in trainees for s in t.saves]
    acked = [s for s in saves if s.status == 200]
    refused = [s for s in saves if s.status != 200]
    during = [s for s in saves if crashed_at <= s.started < back_at]
    refused_after_back = [s for s in saves if s.started >= back_at and s.status not in (200, 409)]
    after_quiet = [s for s in saves if s.started >= quiet_back_at]
    first_ok = min((s.started + s.seconds for s in acked if s.started >= back_at), default=back_at)
    with capsys.disabled():
        print(
            f"\n[faults] database crash: outage {back_at - crashed_at:.2f} s (stop -m immediate, "
            f"{OUTAGE_SECONDS} s down, start with crash recovery); saves {len(saves)}, acknowledged "
            f"{len(acked)}, refused {len(refused)} (statuses {sorted({s.status for s in refused}, key=str)}); "
            f"saves started during the outage {len(during)}, slowest "
            f"{max((s.seconds for s in during), default=0):.2f} s; first acknowledged save "
            f"{first_ok - back_at:.2f} s after the database was back, every trainee saving again after "
            f"{recovered_at - back_at:.2f} s; after a crash with no save in flight {len(after_quiet)} saves, "
            f"refused {sum(s.status not in (200, 409) for s in after_quiet)}; saves refused once the database "
            f"was back {len(refused_after_back)}; lost acknowledged answers {len(problems)}"
        )

    assert not problems, problems
    assert during, "no save was attempted while the database was down: the test did not test the outage"
    assert all(s.status is not None and s.status >= 500 for s in refused if s.status != 409), (
        "a save in the outage was answered with something other than a server error"
    )
    assert max(s.seconds for s in saves) < REQUEST_TIMEOUT, "a save waited as long as the client's timeout"
    # Each web thread keeps its connection (CONN_MAX_AGE) and checks it before reusing it
    # (CONN_HEALTH_CHECKS): once the database is back no save fails on a connection the crash
    # killed – without the checks, the first request on every such connection would.
    assert [s.status for s in refused_after_back] == []
    assert server.poll() is None, "gunicorn had to be restarted"
