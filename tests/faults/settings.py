"""Settings for the fault tests' own processes (gunicorn, db_worker, migrate, the world builder):
the production settings – PostgreSQL with persistent, health-checked connections, the database
task queue, no debug – served over plain HTTP on loopback, against the tests' private cluster.

Differences from production, and why: no Redis (a per-process memory cache; sessions are
database rows anyway), no collected static manifest, media in the test's temporary directory.
With LMS_FAULTS_SUBMIT_STALL set, a hand-in stalls inside its transaction (tests/faults/hooks.py)
so a test can kill the web process at that moment; nothing outside this module registers it.
LMS_FAULTS_PERIODIC (JSON [[task path, seconds], ...]) replaces the periodic schedule, so a
scheduler test sees periods of seconds instead of hours."""

import json
import os

os.environ.setdefault("REDIS_URL", "redis://unused.invalid:6379/0")  # production insists; not used here

from lms.settings.production import *  # noqa: E402, F403
from lms.settings.production import LMS_EVENT_LISTENERS, STORAGES  # noqa: E402

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

if os.environ.get("LMS_FAULTS_SUBMIT_STALL"):
    _GRADED = "quizzes.events.QuizAttemptGraded"
    LMS_EVENT_LISTENERS = {
        **LMS_EVENT_LISTENERS,
        _GRADED: [*LMS_EVENT_LISTENERS[_GRADED], "tests.faults.hooks.submit_stall"],
    }

if os.environ.get("LMS_FAULTS_PERIODIC"):
    LMS_PERIODIC_TASKS = [(path, int(seconds)) for path, seconds in json.loads(os.environ["LMS_FAULTS_PERIODIC"])]
