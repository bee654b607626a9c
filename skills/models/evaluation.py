"""Evaluating training where the work happens: supervisors' assessments with a rubric, follow-up
evaluations months after a course, the reminders about them, and trainees' reaction surveys."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

CRITERION_MAX_SCORE = 20


class AssessmentKind(models.TextChoices):
    PRACTICAL = "practical", _("Practical assessment")
    OBSERVATION = "observation", _("Behaviour observation")


class Rubric(ClusterableModel):
    """The criteria a supervisor scores on the phone, e.g. “fire extinguisher drill”."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AssessmentKind.choices)
    competency = models.ForeignKey(
        "skills.Competency",
        verbose_name=_("competency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pass_percent = models.PositiveSmallIntegerField(
        _("pass mark (percent)"), default=60, validators=[MaxValueValidator(100)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("competency"),
        FieldPanel("pass_percent"),
        FieldPanel("is_active"),
        InlinePanel("criteria", label=_("Rubric criteria"), min_num=1),
    ]

    class Meta:
        verbose_name = _("assessment rubric")
        verbose_name_plural = _("assessment rubrics")
        ordering = ["kind", "name"]
        constraints = [models.CheckConstraint(condition=Q(pass_percent__lte=100), name="rubric_pass_percent_range")]

    def __str__(self) -> str:
        return self.name


class RubricCriterion(Orderable):
    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(_("criterion"), max_length=200)
    # Scored on the phone with one button per point: a small scale.
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(CRITERION_MAX_SCORE)],
        help_text=_("1 to 20 points."),  # CRITERION_MAX_SCORE
    )

    panels = [FieldPanel("text"), FieldPanel("max_score")]

    class Meta(Orderable.Meta):
        verbose_name = _("rubric criterion")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gte=1, max_score__lte=CRITERION_MAX_SCORE),
                name="rubric_criterion_max_score_range",
            )
        ]


class Assessment(models.Model):
    """A supervisor's practical assessment (技能考核) or behaviour observation (行为观察) of a named
    trainee. Recorded once; it becomes evidence."""

    kind = models.CharField(_("kind"), max_length=16, choices=AssessmentKind.choices)
    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_assessments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), null=True, on_delete=models.SET_NULL, related_name="+")
    competency = models.ForeignKey(
        "skills.Competency",
        verbose_name=_("competency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("what"), max_length=200)
    total_score = models.PositiveSmallIntegerField(_("score"), default=0)
    max_score = models.PositiveSmallIntegerField(_("maximum"), default=0)
    passed = models.BooleanField(_("passed"))
    notes = models.TextField(_("notes"), blank=True)
    photo = models.FileField(_("photo"), upload_to="skills/assessments/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(total_score__lte=F("max_score")), name="assessment_score_within_maximum")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> float:
        return round(100 * self.total_score / self.max_score, 1) if self.max_score else 0.0


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(_("criterion"), max_length=200)
    score = models.PositiveSmallIntegerField(_("score"))
    max_score = models.PositiveSmallIntegerField(_("maximum score"))

    class Meta:
        verbose_name = _("assessment score")
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=F("max_score")), name="assessment_score_row_within_maximum")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}/{self.max_score}"


class FollowUpStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUp(models.Model):
    """A follow-up evaluation due `months` after a course was completed, owned by the trainee's
    manager. One per enrolment and month (scheduling twice creates nothing new)."""

    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_follow_ups")
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    enrolment = models.ForeignKey("courses.CourseEnrolment", on_delete=models.CASCADE, related_name="+")
    months = models.PositiveSmallIntegerField(_("months after completion"))
    due_date = models.DateField(_("due date"), db_index=True)
    assignee = models.ForeignKey(
        "org.StaffProfile",
        verbose_name=_("evaluator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.SCHEDULED, db_index=True
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up evaluation due")
        verbose_name_plural = _("follow-up evaluations due")
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "months"], name="follow_up_once_per_month")]
        indexes = [
            # Open follow-ups by date (the company-wide list) and per trainee (a manager's team).
            models.Index(
                fields=["due_date", "trainee"], condition=models.Q(status="scheduled"), name="follow_up_open_by_date"
            ),
            models.Index(
                fields=["trainee", "due_date"], condition=models.Q(status="scheduled"), name="follow_up_open_by_trainee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} +{self.months}"


class FollowUpEvaluation(models.Model):
    """What the manager found: objectives applied at work, a behaviour rating, figures before and
    after the training, and optionally owners' satisfaction."""

    follow_up = models.OneToOneField(FollowUp, on_delete=models.CASCADE, related_name="evaluation")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checklist = models.JSONField(_("objectives applied"), default=list, blank=True)
    behaviour_rating = models.PositiveSmallIntegerField(
        _("behaviour rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    owner_satisfaction = models.DecimalField(
        _("owner satisfaction (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up evaluation")
        verbose_name_plural = _("follow-up evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(behaviour_rating__gte=1, behaviour_rating__lte=5), name="follow_up_behaviour_rating_range"
            ),
            models.CheckConstraint(
                condition=Q(owner_satisfaction__isnull=True)
                | Q(owner_satisfaction__gte=0, owner_satisfaction__lte=100),
                name="follow_up_owner_satisfaction_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follow_up} · {self.behaviour_rating}"

    @property
    def objectives_met(self) -> int:
        return sum(1 for item in self.checklist if item.get("met"))


class FigureMetric(models.TextChoices):
    COMPLAINTS = "complaints", _("Complaints per month")
    RESPONSE_MINUTES = "response_minutes", _("Response time (minutes)")
    FIRST_TIME_FIX = "first_time_fix", _("First-time fix rate (%)")
    CLOSURE_RATE = "closure_rate", _("Complaint closure rate (%)")
    CLEANLINESS = "cleanliness", _("Cleanliness pass rate (%)")


# The figures that are rates: a percentage, 0 to 100. The others are counts and minutes, never negative.
PERCENT_FIGURES = frozenset({FigureMetric.FIRST_TIME_FIX, FigureMetric.CLOSURE_RATE, FigureMetric.CLEANLINESS})


def figure_range(metric: str) -> tuple[Decimal, Decimal | None]:
    """The values a work figure may take: (lowest, highest or None for no upper limit)."""
    return (Decimal(0), Decimal(100)) if metric in PERCENT_FIGURES else (Decimal(0), None)


def figure_range_error(*, metric: str, value: Decimal) -> str | None:
    """Why `value` cannot be this figure, naming it, or None when it can."""
    low, high = figure_range(metric)
    if low <= value and (high is None or value <= high):
        return None
    label = FigureMetric(metric).label
    if high is None:
        return _("%(figure)s: %(value)s cannot be negative.") % {"figure": label, "value": value}
    return _("%(figure)s: %(value)s is outside %(low)s–%(high)s.") % {
        "figure": label,
        "value": value,
        "low": low,
        "high": high,
    }


class FollowUpFigure(models.Model):
    evaluation = models.ForeignKey(FollowUpEvaluation, on_delete=models.CASCADE, related_name="figures")
    metric = models.CharField(_("figure"), max_length=32, choices=FigureMetric.choices)
    before = models.DecimalField(_("before"), max_digits=9, decimal_places=2)
    after = models.DecimalField(_("after"), max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = _("work figure")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "metric"], name="follow_up_figure_once"),
            models.CheckConstraint(condition=Q(before__gte=0, after__gte=0), name="follow_up_figure_not_negative"),
            models.CheckConstraint(
                condition=~Q(metric__in=sorted(PERCENT_FIGURES)) | Q(before__lte=100, after__lte=100),
                name="follow_up_figure_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.before} → {self.after}"

    def clean(self):
        super().clean()
        errors = {
            field: message
            for field in ("before", "after")
            if getattr(self, field) is not None
            and (message := figure_range_error(metric=self.metric, value=getattr(self, field)))
        }
        if errors:
            raise ValidationError(errors)


class ReminderKind(models.TextChoices):
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    ESCALATION = "escalation", _("Escalated to the site manager")


class ReminderStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    # Nobody could be told (no address) or the mail server refused it: tried again on the next run.
    UNDELIVERED = "undelivered", _("Not delivered")


class ReminderSent(models.Model):
    """One reminder of a follow-up (due, overdue, escalation). The unique constraint keeps it to one
    row, even when two workers run the periodic task at the same time; it is `sent` only once it
    reached at least one recipient, and stays `undelivered` (tried again each run) until then."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ReminderStatus.choices, default=ReminderStatus.UNDELIVERED, db_index=True
    )
    recipients = models.JSONField(default=list, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        constraints = [models.UniqueConstraint(fields=["follow_up", "kind"], name="reminder_sent_once")]

    def __str__(self) -> str:
        return f"{self.follow_up_id} {self.kind}"


class CourseReaction(models.Model):
    """The trainee's reaction survey after finishing a course (level 1 of the evaluation)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_reactions")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("overall rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    usefulness = models.PositiveSmallIntegerField(
        _("useful for my work"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course reaction")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="course_reaction_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5, usefulness__gte=1, usefulness__lte=5),
                name="course_reaction_ratings_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} ★{self.rating}"
