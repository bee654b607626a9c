"""The scheduler's record of what it enqueued: one row per periodic task and period."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicTaskRun(models.Model):
    """A periodic task enqueued for one period (the interval's slot in Unix time: a daily task's
    period is the day, an hourly one's the hour). The unique constraint is what makes the period
    run once however many schedulers try, a new leader just after the old one included."""

    task_path = models.CharField(_("task"), max_length=200)
    period_start = models.DateTimeField(_("period start"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    task_result_id = models.CharField(_("task result"), max_length=64, blank=True)
    scheduler = models.CharField(_("scheduler"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("periodic task run")
        verbose_name_plural = _("periodic task runs")
        constraints = [
            models.UniqueConstraint(fields=["task_path", "period_start"], name="periodic_task_run_once_per_period")
        ]
        indexes = [models.Index(fields=["-enqueued_at"], name="periodic_task_run_recent")]

    def __str__(self) -> str:
        return f"{self.task_path} @ {self.period_start:%Y-%m-%d %H:%M:%S}"
