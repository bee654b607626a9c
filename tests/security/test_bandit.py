"""bandit finds nothing of medium severity or above in the project's code (make security-lint).
A reviewed exception is marked in place with `# nosec <test id>` and its reason (e.g. the
certificate template mark_safe calls in certificates/rendering.py)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bandit_reports_nothing_of_medium_severity_or_above():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bandit",
            "-q",
            "-r",
            ".",
            "-c",
            "pyproject.toml",
            "--severity-level",
            "medium",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
