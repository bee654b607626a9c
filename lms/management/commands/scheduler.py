"""Enqueue the periodic tasks of settings.LMS_PERIODIC_TASKS at their intervals.

Only enqueues: the work runs in the task workers (`manage.py db_worker`), so one scheduler and
any number of workers can share one database. Run exactly one scheduler per deployment (the
systemd unit in deploy/ does); the tasks are written to be safe when run twice anyway."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Enqueue periodic tasks (LMS_PERIODIC_TASKS) at their intervals; --once enqueues each once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every periodic task once and exit.")

    def handle(self, *args, once: bool = False, **options):
        schedule = [(import_string(path), interval, path) for path, interval in settings.LMS_PERIODIC_TASKS]
        next_run = {path: 0.0 for _, _, path in schedule}
        while True:
            now = time.monotonic()
            for task, interval, path in schedule:
                if now >= next_run[path]:
                    result = task.enqueue()
                    self.stdout.write(f"enqueued {path} ({result.id})")
                    next_run[path] = now + interval
            if once:
                return
            time.sleep(1)
