"""A web process is killed (SIGKILL) in the middle of a hand-in, inside its transaction. The
attempt is then either handed in exactly once or still open with every saved answer – never half
graded – and handing in again finishes it exactly once."""

import random
import signal
import threading
import time

import pytest

from tests.faults.client import REQUEST_TIMEOUT, Trainee, answers_check
from tests.faults.cluster import Processes, http_status, wait_until

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("killed", ["worker", "server"])
def test_hand_in_cut_by_a_killed_web_process_is_finished_once_on_retry(fault_site, killed, capsys):
    """`worker`: the gunicorn worker serving the hand-in dies, the master starts another.
    `server`: master and workers die together and gunicorn is started again."""
    world = fault_site.world("quiz", "--trainees", "1", "--questions", "6")
    marker = fault_site.workdir / "submit-stalled"
    stall = {"LMS_FAULTS_SUBMIT_STALL": str(marker), "LMS_FAULTS_SUBMIT_STALL_SECONDS": "20"}
    server, port = fault_site.processes.gunicorn(workers=2, threads=2, extra_env=stall)

    trainee = Trainee(port=port, session_key=world["sessions"][0])
    trainee.start(world["quiz_id"])
    rng = random.Random(7)
    for qid, _kind in trainee.paper:
        trainee.save(qid, trainee.pick_for(qid, rng))
    assert all(s.status == 200 for s in trainee.saves)

    answered: dict[str, int | None] = {}
    hand_in = threading.Thread(target=lambda: answered.update(status=trainee.submit()), daemon=True)
    hand_in.start()

    def stalled() -> list[int] | None:  # the hook wrote "<attempt> <pid of the web process>"
        fields = marker.read_text().split() if marker.exists() else []
        return [int(x) for x in fields] if len(fields) == 2 else None

    attempt_id, pid = wait_until(stalled, timeout=30, what="the hand-in stalled inside its transaction")
    assert attempt_id == trainee.attempt_id
    killed_at = time.monotonic()
    if killed == "worker":
        Processes.signal_pid(pid, signal.SIGKILL)
    else:
        Processes.kill(server, signal.SIGKILL)
    hand_in.join(REQUEST_TIMEOUT + 5)
    assert not hand_in.is_alive()
    cut_seconds = time.monotonic() - killed_at
    if killed == "worker":  # the master starts a new worker; the other worker served meanwhile
        wait_until(lambda: http_status(port, "GET", "/healthz", timeout=2) == 200, timeout=30, what="gunicorn")
    assert answered["status"] is None or answered["status"] >= 500, f"the cut hand-in answered {answered}"

    after_kill = fault_site.state()
    attempt = after_kill["attempts"][str(trainee.attempt_id)]
    held = after_kill["answers"].get(str(trainee.attempt_id), {})
    if attempt["status"] == "finished":
        outcome = "finished once"
        assert attempt["graded_at"] and attempt["evidence"] == 1
    else:
        outcome = "still open"
        assert attempt["status"] == "in_progress" and attempt["graded_at"] is None and attempt["evidence"] == 0
        assert all(row["score"] is None for row in held.values()), "an open attempt has graded answers"
    assert answers_check(trainee, held) == []
    assert len(held) == len(trainee.paper)
    held_after_kill = len(held)

    restart_seconds = 0.0
    if killed == "server":
        restarted = time.monotonic()
        server, port = fault_site.processes.gunicorn(workers=2, threads=2, extra_env=stall)
        restart_seconds = time.monotonic() - restarted
        trainee.port = port
    back_at = time.monotonic()
    assert trainee.submit() == 200
    assert trainee.submit() == 200  # a double tap after the retry changes nothing
    finished_at = time.monotonic()

    final = fault_site.state()
    attempt = final["attempts"][str(trainee.attempt_id)]
    held = final["answers"][str(trainee.attempt_id)]
    with capsys.disabled():
        print(
            f"\n[faults] web {killed} killed mid hand-in: after the kill the attempt was {outcome} "
            f"(status {after_kill['attempts'][str(trainee.attempt_id)]['status']}, {held_after_kill} of "
            f"{len(trainee.paper)} saved answers held); the cut request answered {answered['status']} after {cut_seconds:.2f} s; "
            + (f"gunicorn restarted in {restart_seconds:.2f} s; " if killed == "server" else "")
            + f"hand-in retried and finished in {finished_at - back_at:.2f} s; "
            f"grades recorded {attempt['evidence']}"
        )
    assert attempt["status"] == "finished" and attempt["graded_at"] and attempt["score"] is not None
    assert attempt["evidence"] == 1, "the attempt was graded more than once"
    assert len(final["attempts"]) == 1
    assert all(row["score"] is not None for row in held.values())
    assert answers_check(trainee, held) == []
    assert server.poll() is None
