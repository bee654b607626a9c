"""Settings for bench/notifications.py: production settings (PostgreSQL, Redis, the SMTP mailer)
with the channels pointed at the bench's local fakes by environment, and one periodic task, the
courses reminder run, so `scheduler --once` enqueues only what is measured."""

from lms.settings.production import *  # noqa: F403

LMS_PERIODIC_TASKS = [("courses.tasks.course_reminders_task", 24 * 3600)]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
