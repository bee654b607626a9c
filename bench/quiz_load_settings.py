"""Settings for bench/quiz_load.py: production settings (PostgreSQL, Redis, no debug) served over
plain HTTP on loopback. With QUIZ_BENCH_QUIZ_ONLY=1 the other apps' listeners of the quiz and
course events are left out, to measure the quiz's own path alone."""

import os

from lms.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
if os.environ.get("QUIZ_BENCH_QUIZ_ONLY") == "1":
    LMS_EVENT_LISTENERS: dict[str, list[str]] = {}  # no listeners: the exam alone is measured
# No collectstatic in a scratch run: static URLs without the manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
