"""Every settings module a developer or the tests start runs on both databases: `manage.py check`
(with the database checks) passes on SQLite and on PostgreSQL, as `make run` does before it
migrates. Each case starts a fresh interpreter, as the command line would."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("DATABASE_URL", "")


def manage_check(*, settings_module: str, database_url: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--database", "default", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("settings_module", ["lms.settings.dev", "lms.settings.test"])
def test_check_passes_on_sqlite(settings_module):
    result = manage_check(settings_module=settings_module, database_url=None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.postgres
@pytest.mark.parametrize("settings_module", ["lms.settings.dev", "lms.settings.test"])
def test_check_passes_on_postgresql(settings_module):
    """The development settings on PostgreSQL stopped with postgres.E005 (Wagtail's search index
    needs django.contrib.postgres, which only the production settings installed)."""
    assert POSTGRES_URL.startswith("postgres")
    result = manage_check(settings_module=settings_module, database_url=POSTGRES_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
