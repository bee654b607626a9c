"""Production settings: refuse to start without their secrets, and pass Django's deployment
checklist when given them. Each case imports the settings in a fresh interpreter, as a web
process or worker would at start-up."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

GOOD_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "postgres://academy@127.0.0.1:5432/academy",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_ALLOWED_HOSTS": "academy.example.com",
}


def run_python(code: str, env_overrides: dict[str, str | None]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in GOOD_ENV and not k.startswith("DJANGO_")}
    env.update(GOOD_ENV)
    for key, value in env_overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings.production"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_load_with_every_secret_given():
    result = run_python("import lms.settings.production as s; print(s.CACHES['default']['BACKEND'])", {})
    assert result.returncode == 0, result.stderr
    assert "RedisCache" in result.stdout


def test_production_database_connections_are_kept_health_checked_and_fail_fast():
    result = run_python(
        "import json, lms.settings.production as s; d = s.DATABASES['default']; "
        "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d['OPTIONS']['connect_timeout']]))",
        {},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[60, true, 5]"


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOWED_HOSTS"])
def test_production_settings_refuse_to_start_without_a_required_variable(missing):
    result = run_python("import lms.settings.production", {missing: None})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_settings_refuse_a_short_secret_key():
    result = run_python("import lms.settings.production", {"DJANGO_SECRET_KEY": "x" * 20})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_settings_refuse_sqlite():
    result = run_python("import lms.settings.production", {"DATABASE_URL": "sqlite:////tmp/x.sqlite3"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_production_keeps_nothing_in_process_memory_between_requests():
    """Sessions, cache, login-failure counters and the task queue live in PostgreSQL/Redis, so any
    web process on any host can serve any request."""
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings as s\n"
        "from axes.conf import settings as a\n"
        "print(s.SESSION_ENGINE)\n"
        "print(s.CACHES['default']['BACKEND'])\n"
        "print(a.AXES_HANDLER)\n"
        "print(s.TASKS['default']['BACKEND'])\n"
        "print(s.MESSAGE_STORAGE)\n"
        "print(s.STORAGES['staticfiles']['BACKEND'])\n"
    )
    result = run_python(code, {})
    assert result.returncode == 0, result.stderr
    session, cache, axes_handler, tasks, messages, static = result.stdout.split()
    assert session == "django.contrib.sessions.backends.cached_db"
    assert cache == "core.cache.RedisCache"  # Django's Redis backend, one client per pool (lms/cache.py)
    assert axes_handler == "axes.handlers.database.AxesDatabaseHandler"
    assert tasks == "django_tasks_db.DatabaseBackend"
    assert "locmem" not in messages.lower()
    assert static == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_check_deploy_passes_at_warning_level():
    result = run_python(
        "import sys\nfrom django.core.management import execute_from_command_line\n"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        {},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_has_no_replica_unless_one_is_given():
    result = run_python(
        "import django; django.setup()\n"
        "from django.conf import settings as s\n"
        "print(sorted(s.DATABASES), s.DATABASE_ROUTERS)\n",
        {"DATABASE_REPLICA_URL": None},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['default'] ['core.db_router.ReportingRouter']"


def test_production_reads_reports_from_the_replica_when_given():
    code = (
        "import json, django; django.setup()\n"
        "from django.conf import settings as s\n"
        "import core.db_router as router\n"
        "from core.db_router import reporting\n"
        "router.replica_connect = lambda: None  # no replica.internal here: routing only\n"
        "from org.models import StaffProfile\n"
        "r = s.DATABASES['replica']\n"
        "with reporting():\n"
        "    inside = StaffProfile.objects.all().db\n"
        "print(json.dumps([r['HOST'], r['NAME'], r['CONN_MAX_AGE'], r['CONN_HEALTH_CHECKS'],"
        " r['OPTIONS']['connect_timeout'], r['TEST']['MIRROR'], inside, StaffProfile.objects.all().db]))\n"
    )
    result = run_python(code, {"DATABASE_REPLICA_URL": "postgres://academy_ro@replica.internal:5432/academy"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == json.dumps(
        ["replica.internal", "academy", 60, True, 5, "default", "replica", "default"]
    )


def test_production_refuses_a_replica_that_is_not_postgresql():
    result = run_python("import lms.settings.production", {"DATABASE_REPLICA_URL": "sqlite:////tmp/r.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL" in result.stderr


def test_the_wsgi_application_is_warm_before_its_first_request():
    result = run_python(
        "import json, lms.wsgi; from django.urls import get_resolver; "
        "print(json.dumps(sorted(get_resolver()._reverse_dict)))",
        {},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["en", "zh-hans"]


def test_gunicorn_spreads_worker_restarts_over_a_jitter_as_wide_as_the_limit():
    """A narrow jitter let every worker of a host restart within seconds of the others."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import runpy, json; c = runpy.run_path('deploy/gunicorn.conf.py'); "
            "print(json.dumps([c['max_requests'], c['max_requests_jitter']]))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")},
    )
    assert result.returncode == 0, result.stderr
    limit, jitter = json.loads(result.stdout.strip().splitlines()[-1])
    assert limit >= 1000
    assert jitter >= limit
