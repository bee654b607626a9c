"""Attempts: what was drawn for a trainee (frozen question and option order), every answer as it
was saved (one row per attempt × question, versioned so a stale tab is detected), and the grade."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", pgettext_lazy("quiz attempt", "In progress")
    FINISHED = "finished", pgettext_lazy("quiz attempt", "Finished")
    ABANDONED = "abandoned", pgettext_lazy("quiz attempt", "Abandoned")


class QuizAttempt(models.Model):
    quiz = models.ForeignKey(
        "quizzes.QuizPage", verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    number = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS, db_index=True
    )
    started_at = models.DateTimeField(_("started at"))
    # The moment answers stop being accepted, grace excluded: start + time limit, or the close time.
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    grace_seconds = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(pgettext_lazy("quiz attempt", "finished at"), null=True, blank=True)
    auto_submitted = models.BooleanField(_("handed in automatically"), default=False)
    # Frozen at the start: the question ids in paper order and, per choice question, option ids.
    question_ids = models.JSONField(default=list)
    option_order = models.JSONField(default=dict)
    question_types = models.JSONField(default=dict)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2, default=0)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    needs_marking = models.BooleanField(_("awaiting essay marking"), default=False, db_index=True)
    graded_at = models.DateTimeField(_("grade final at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="quiz_attempt_number_unique"),
            # One attempt in progress per trainee and quiz: a reload or a second device resumes it.
            models.UniqueConstraint(
                fields=["quiz", "user"], condition=Q(status="in_progress"), name="quiz_attempt_one_in_progress"
            ),
        ]
        indexes = [models.Index(fields=["quiz", "user", "status"])]

    def __str__(self) -> str:
        return f"{self.quiz_id} #{self.number} {self.user_id}"

    @property
    def is_in_progress(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS

    @property
    def is_graded(self) -> bool:
        return self.graded_at is not None


class AttemptAnswer(models.Model):
    """The trainee's answer to one question of an attempt, as given. `response` holds option ids
    (choice), a boolean (true/false) or text (fill-in, essay). `version` grows with each save; a
    save must name the version it replaces, so a tab that missed a change is told, not obeyed."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("quizzes.Question", on_delete=models.PROTECT, related_name="answers")
    response = models.JSONField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)
    locked = models.BooleanField(default=False, help_text="Checked in feedback-after-each mode; no more changes.")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    is_correct = models.BooleanField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    marker_comment = models.TextField(_("marker's comment"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="attempt_answer_unique")]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}"
