"""Enqueue the periodic tasks of settings.LMS_PERIODIC_TASKS, once per period, from whichever
scheduler leads.

Run one on every host (deploy/systemd/academy-scheduler.service): they elect a leader through a
PostgreSQL advisory lock and the others wait, trying every few seconds, so a lost host costs at
most a few seconds of scheduling (lms.scheduling). Only enqueues: the task workers run the work.
Each task runs once per period of its interval (a PeriodicTaskRun row, unique per task and period),
whoever leads and however often a scheduler restarts."""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from lms.scheduling import ELECTION_SECONDS, Leadership, period_start, periodic_task_enqueue_once, scheduler_name

logger = logging.getLogger("lms.scheduler")


class Command(BaseCommand):
    help = (
        "Enqueue periodic tasks (LMS_PERIODIC_TASKS) once per period while this scheduler leads; "
        "--once enqueues each task whose current period has not run and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue every periodic task not yet run this period, then exit."
        )

    def handle(self, *args, once: bool = False, **options):
        schedule = list(settings.LMS_PERIODIC_TASKS)
        if once:
            self._enqueue_due(schedule, {})
            return
        leadership = Leadership()
        leading, next_check = False, 0.0
        done: dict[str, object] = {}  # the last period each task was seen enqueued, to ask once
        try:
            while True:
                if time.monotonic() >= next_check:
                    was = leading
                    leading = leadership.held() if leading else leadership.acquire()
                    next_check = time.monotonic() + ELECTION_SECONDS
                    if leading != was:
                        state = "leads" if leading else "stopped leading"
                        self.stdout.write(f"scheduler {scheduler_name()} {state}", ending="\n")
                        self.stdout.flush()
                        done.clear()
                if leading:
                    try:
                        self._enqueue_due(schedule, done)
                    except DatabaseError:
                        logger.warning("scheduler: the database failed; trying again", exc_info=True)
                        close_old_connections()
                time.sleep(1)
        finally:
            leadership.release()

    def _enqueue_due(self, schedule, done: dict) -> None:
        now = timezone.now()
        for path, interval in schedule:
            start = period_start(interval=interval, now=now)
            if done.get(path) == start:
                continue
            result_id = periodic_task_enqueue_once(task_path=path, interval=interval, now=now)
            done[path] = start
            if result_id:
                self.stdout.write(f"enqueued {path} for {start:%Y-%m-%dT%H:%M:%S}Z ({result_id})")
                self.stdout.flush()
