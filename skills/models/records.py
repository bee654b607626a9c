"""What a person has shown and earned: the append-only evidence log, level history, promotion
recommendations, learning points and personal goals."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet  # noqa: F401 (AppendOnlyError re-exported)
from skills.models.framework import SkillLevel


class EvidenceKind(models.TextChoices):
    COURSE = "course", _("Course completed")
    QUIZ = "quiz", _("Quiz result")
    SCENARIO = "scenario", _("Scenario result")
    PRACTICAL = "practical", _("Practical assessment")
    OBSERVATION = "observation", _("Behaviour observation")
    FOLLOW_UP = "follow_up", _("Follow-up evaluation")
    DRILL = "drill", _("Drill participation")
    FIELD = "field", _("Field evidence")


class EvidenceQuerySet(AppendOnlyQuerySet):
    def active(self):
        """Entries still in force: not superseded by a later entry, and not a withdrawal.
        NOT EXISTS rather than a LEFT JOIN: PostgreSQL then probes the unique index on
        `supersedes` per candidate row instead of merging the whole log."""
        superseded = self.model.objects.filter(supersedes_id=OuterRef("pk"))
        return self.filter(~Exists(superseded), withdrawn=False)


class Evidence(AppendOnlyModel):
    """One fact about what a person has shown (what, when, who recorded it, from which source).
    Never edited: a correction is a new entry that `supersedes` the old one (a withdrawal is a
    correction with `withdrawn` set and no value)."""

    # A person with evidence is never deleted (it would delete the log); a leaver is erased
    # (privacy), which keeps the facts and blanks the notes.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="skill_evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    # The title as first written, in the language then active; `title_message` and `title_params`
    # (skills.messages) render it in the reader's language (`title_text`). Rows from before them
    # have no message id and show `title`.
    title = models.CharField(_("what"), max_length=200)
    title_message = models.CharField(_("title message"), max_length=60, blank=True)
    title_params = models.JSONField(_("title parameters"), default=dict, blank=True)
    competency = models.ForeignKey(
        "skills.Competency",
        verbose_name=_("competency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    # Ranges checked by evidence_record (no database constraint: the log is append-only, so rows
    # written before the check cannot be corrected in place, only superseded).
    percent = models.DecimalField(
        _("percent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    rating = models.DecimalField(
        _("rating"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Where it came from, e.g. "courses.CourseEnrolment" #12; a re-graded source supersedes its entry.
    source_type = models.CharField(_("source"), max_length=60)
    source_id = models.CharField(_("source id"), max_length=64, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["user", "kind"]),
            models.Index(fields=["source_type", "source_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title_text}"

    @property
    def title_text(self) -> str:
        """The title in the active language (the reader's, in a request)."""
        from skills.messages import stored_text

        return stored_text(message_id=self.title_message, params=self.title_params, fallback=self.title)


class LevelBasis(models.TextChoices):
    # The level engine found every criterion of the level met, and a manager approved the
    # recommendation (skills.services.levels.promotion_decide).
    GATE = "gate", _("Criteria met")
    # A named person's judgement stands in for the criteria: a level held before the platform, a
    # transfer from another company. Only a sign-off that names who signed and why counts
    # (skills.services.levels.level_sign_off); docs/invariants.md.
    SIGN_OFF = "sign_off", _("Signed off by hand")


class LevelRecord(AppendOnlyModel):
    """Level history: a person reached `level` in `post` on `awarded_at` (latest row = current).
    `basis` says what the level rests on: its level's criteria, met when it was granted (the
    engine can check that again at any time), or a manual sign-off naming the approver and the
    reason (`approved_by` and `note`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_levels")
    post = models.ForeignKey("org.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices)
    awarded_at = models.DateTimeField(_("awarded at"), db_index=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recommendation = models.OneToOneField(
        "skills.PromotionRecommendation", null=True, blank=True, on_delete=models.PROTECT, related_name="level_record"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    basis = models.CharField(_("basis"), max_length=16, choices=LevelBasis.choices, default=LevelBasis.GATE)

    class Meta:
        verbose_name = _("level record")
        verbose_name_plural = _("level history")
        ordering = ["-awarded_at", "-id"]
        constraints = [
            # A sign-off says why; who signed is approved_by (kept unless that login is deleted,
            # which `manage.py integrity` then reports).
            models.CheckConstraint(condition=~Q(basis="sign_off") | ~Q(note=""), name="level_sign_off_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.post} {self.get_level_display()}"


class PromotionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PromotionRecommendation(models.Model):
    """The level engine found every criterion of the next level met except the sign-off; a manager
    in scope approves (→ LevelRecord) or rejects it with a note."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="promotion_recommendations"
    )
    post = models.ForeignKey("org.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="+")
    from_level = models.PositiveSmallIntegerField(_("from level"), default=0)
    to_level = models.PositiveSmallIntegerField(_("to level"), choices=SkillLevel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=PromotionStatus.choices, default=PromotionStatus.PENDING, db_index=True
    )
    criteria_snapshot = models.JSONField(_("criteria met"), default=list, blank=True)
    created_at = models.DateTimeField(_("recommended at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("promotion recommendation")
        verbose_name_plural = _("promotion recommendations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="promotion_one_pending_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.get_to_level_display()} ({self.get_status_display()})"


class LearningPointEntry(AppendOnlyModel):
    """学习积分: points credited once per source (`key` is unique, so a replayed event adds nothing)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_points")
    points = models.IntegerField(pgettext_lazy("reward points", "points"))
    # As Evidence.title: the text as first written, and its message id and parameters.
    reason = models.CharField(_("reason"), max_length=200)
    reason_message = models.CharField(_("reason message"), max_length=60, blank=True)
    reason_params = models.JSONField(_("reason parameters"), default=dict, blank=True)
    key = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("learning points")
        verbose_name_plural = _("learning points")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.points:+d} {self.reason_text}"

    @property
    def reason_text(self) -> str:
        """The reason in the active language (the reader's, in a request)."""
        from skills.messages import stored_text

        return stored_text(message_id=self.reason_message, params=self.reason_params, fallback=self.reason)


class GoalHorizon(models.TextChoices):
    SHORT = "1-3", _("1–3 months")
    MEDIUM = "3-6", _("3–6 months")
    LONG = "6-12", _("6–12 months")


class PersonalGoal(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_goals")
    horizon = models.CharField(_("horizon"), max_length=8, choices=GoalHorizon.choices)
    text = models.CharField(_("goal"), max_length=300)
    target_level = models.PositiveSmallIntegerField(
        _("target level"), choices=SkillLevel.choices, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    achieved_at = models.DateTimeField(_("achieved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal goal")
        verbose_name_plural = _("personal goals")
        ordering = ["horizon", "created_at"]

    def __str__(self) -> str:
        return self.text
