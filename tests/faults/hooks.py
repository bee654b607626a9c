"""Test-only hooks, registered by tests/faults/settings.py when LMS_FAULTS_SUBMIT_STALL is set."""

import os
import time
from pathlib import Path


def submit_stall(*, attempt, **kwargs) -> None:
    """Runs inside the hand-in's transaction, after the attempt row was written as finished but
    before the commit: touch the marker file the test waits for, then stall, so the test kills
    the web process with the hand-in half done."""
    Path(os.environ["LMS_FAULTS_SUBMIT_STALL"]).write_text(str(attempt.pk))
    time.sleep(float(os.environ.get("LMS_FAULTS_SUBMIT_STALL_SECONDS", "20")))
