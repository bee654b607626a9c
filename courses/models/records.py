"""Who is assigned what and how far they got: programmes, enrolments (one per cycle of a course),
step completions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class Programme(ClusterableModel):
    """An ordered set of courses, e.g. the 8-day onboarding plan. New staff of `auto_assign_posts`
    get it automatically, due `due_days` after their hire date."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    auto_assign_posts = ParentalManyToManyField(
        "org.Post", verbose_name=_("assign automatically to new staff of these posts"), blank=True
    )
    due_days = models.PositiveSmallIntegerField(_("days to complete"), default=8)
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("auto_assign_posts"),
        FieldPanel("due_days"),
        FieldPanel("is_active"),
        InlinePanel("programme_courses", label=_("Courses"), min_num=1),
    ]

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class ProgrammeCourse(Orderable):
    programme = ParentalKey(Programme, on_delete=models.CASCADE, related_name="programme_courses")
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.PositiveSmallIntegerField(
        _("due on day"), default=1, help_text=_("Day of the programme by which it is due.")
    )

    panels = [FieldPanel("course"), FieldPanel("day")]

    class Meta(Orderable.Meta):
        verbose_name = _("programme course")
        constraints = [models.UniqueConstraint(fields=["programme", "course"], name="programme_course_unique")]


class AssignmentSource(models.TextChoices):
    AUTO = "auto", _("Automatic by post")
    MANUAL = "manual", _("Assigned by hand")
    REFRESHER = "refresher", _("Refresher before certificate expiry")
    REGULATION = "regulation", _("Refresher after a regulation changed")
    OPERATIONS = "operations", _("Retraining after an operations outcome")


class ProgrammeAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_assignments")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="assignments")
    source = models.CharField(
        _("source"), max_length=16, choices=AssignmentSource.choices, default=AssignmentSource.MANUAL
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme assignment")
        constraints = [models.UniqueConstraint(fields=["user", "programme"], name="programme_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.programme} → {self.user}"


class CourseEnrolmentQuerySet(models.QuerySet):
    def current(self):
        """Each person's latest cycle of each course: the enrolment they work on now. Earlier
        cycles are history (completed, with what was earned on them)."""
        later = CourseEnrolment.objects.filter(
            user_id=OuterRef("user_id"), course_id=OuterRef("course_id"), cycle__gt=OuterRef("cycle")
        )
        return self.filter(~Exists(later))


class CourseEnrolment(models.Model):
    """A person's enrolment in a course, one per cycle. The first cycle is the first assignment; a
    refresher of a course already completed (a yearly safety course) starts the next cycle
    (courses.services.course_refresher_assign), whose progress counts only its own completions."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_enrolments")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments")
    programme_assignment = models.ForeignKey(
        ProgrammeAssignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments"
    )
    source = models.CharField(
        _("source"), max_length=16, choices=AssignmentSource.choices, default=AssignmentSource.MANUAL
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Cached share of required steps done in this cycle, kept by courses.services.step_complete.
    progress_percent = models.PositiveSmallIntegerField(_("progress"), default=0, validators=[MaxValueValidator(100)])
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1, validators=[MinValueValidator(1)])
    # Why this cycle was assigned, in words the person and their manager read (a regulation's
    # change, an upheld complaint). Empty for the ordinary cases the source already explains.
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    objects = CourseEnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("course enrolment")
        constraints = [
            models.UniqueConstraint(fields=["user", "course", "cycle"], name="course_enrolment_once_per_cycle"),
            models.CheckConstraint(condition=Q(cycle__gte=1), name="course_enrolment_cycle_from_one"),
            models.CheckConstraint(condition=Q(progress_percent__lte=100), name="course_enrolment_progress_percent"),
        ]
        indexes = [models.Index(fields=["course", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.course} → {self.user}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class StepSource(models.TextChoices):
    LESSON = "lesson", _("Lesson marked done")
    QUIZ = "quiz", _("Quiz passed")
    SCENARIO = "scenario", _("Scenario passed")
    PRACTICAL = "practical", _("Practical assessment")


class StepCompletion(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_completions")
    step = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="step_completions")
    source = models.CharField(_("source"), max_length=16, choices=StepSource.choices)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    # The cycle of the person's enrolment in the course it counts for: a refresher's completions
    # are its own, and the earlier cycle keeps its history.
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1, validators=[MinValueValidator(1)])
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("step completion")
        constraints = [
            models.UniqueConstraint(fields=["user", "step", "cycle"], name="step_completion_once_per_cycle"),
            models.CheckConstraint(condition=Q(cycle__gte=1), name="step_completion_cycle_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.step_id} ✓ {self.user}"


class StepTime(models.Model):
    """Time a person spent in one step of a course on one day (Asia/Shanghai date), in seconds.
    Lessons report active reading time from the page (a POST beacon, only while the tab is
    visible); quizzes and scenarios add start-to-finish time when an attempt or run finishes.
    Each report and each day's total are capped (courses.services.step_time_record), so a tab
    left open overnight cannot pass for study. This is measured time, shown beside the credited
    hours (the course's stated hours), never replacing them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_times")
    step = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="step_times")
    kind = models.CharField(_("kind"), max_length=16, choices=StepSource.choices)
    day = models.DateField(_("day"))
    seconds = models.PositiveIntegerField(_("seconds"), default=0)

    class Meta:
        verbose_name = _("time spent in a step")
        constraints = [
            models.UniqueConstraint(fields=["user", "step", "day"], name="step_time_once_per_day"),
        ]
        indexes = [models.Index(fields=["course", "step"]), models.Index(fields=["day", "user"])]

    def __str__(self) -> str:
        return f"{self.step_id} · {self.user} · {self.day}: {self.seconds}s"
