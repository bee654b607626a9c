"""Test-only event listeners, registered by tests/faults/settings.py when LMS_FAULTS_SUBMIT_STALL is set."""

import os
import time

from quizzes.events import QuizAttemptGraded


def submit_stall(event: QuizAttemptGraded) -> None:
    """Runs inside the hand-in's transaction, after the attempt row was written as finished but
    before the commit. The first hand-in creates the marker file the test waits for (with the
    attempt and the web process's pid) and stalls, so the test can kill that process with the
    hand-in half done; later hand-ins (the retry after the kill) pass straight through."""
    try:
        fd = os.open(os.environ["LMS_FAULTS_SUBMIT_STALL"], os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.write(fd, f"{event.attempt_id} {os.getpid()}".encode())
    os.close(fd)
    time.sleep(float(os.environ.get("LMS_FAULTS_SUBMIT_STALL_SECONDS", "20")))
