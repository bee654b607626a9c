"""Tests: SQLite by default; PostgreSQL when LMS_TEST_POSTGRES=1 and DATABASE_URL is set."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR

# The SQLite file, test media and logs live in var/, which a clean checkout does not have.
(BASE_DIR / "var").mkdir(exist_ok=True)

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]

if os.environ.get("LMS_TEST_POSTGRES") == "1" and os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
    # Parallel test runs from several checkouts must not share a test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("LMS_TEST_DB_NAME", "test_" + DATABASES["default"]["NAME"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "test.sqlite3",
            "TEST": {"NAME": ""},  # in memory
            "OPTIONS": {"timeout": 20},
        }
    }

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
AXES_ENABLED = True

# Tests assert on English msgids whether or not the .mo catalogues were compiled; tests about the
# Chinese default switch language explicitly.
LANGUAGE_CODE = "en"
WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
