"""The skill framework HR and trainers configure: competency areas and competencies, and per post a
ladder 初级 → 中级 → 高级 → 专家 whose levels each list the criteria that must all hold."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable


class SkillLevel(models.IntegerChoices):
    JUNIOR = 1, _("Junior")
    INTERMEDIATE = 2, _("Intermediate")
    SENIOR = 3, _("Senior")
    EXPERT = 4, _("Expert")


class CompetencyArea(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("competency area")
        verbose_name_plural = _("competency areas")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Competency(models.Model):
    """One thing a person can do. Scenario results name competencies by `code` (listen, empathize,
    act, respond, notify, polite_language, safety, first_ask…), so the code is the join key."""

    area = models.ForeignKey(
        CompetencyArea, verbose_name=_("area"), on_delete=models.PROTECT, related_name="competencies"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("area"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["area__sort_order", "sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class LevelLadder(ClusterableModel):
    """The ladder of one post. Its competencies are the columns of that post's skill matrix."""

    post = models.OneToOneField("org.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="ladder")
    competencies = ParentalManyToManyField(Competency, verbose_name=_("competencies of this post"), blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("post"),
        FieldPanel("competencies"),
        FieldPanel("description"),
        InlinePanel("criteria", label=_("Criteria per level")),
    ]

    class Meta:
        verbose_name = _("level ladder")
        verbose_name_plural = _("level ladders")
        ordering = ["post__sort_order"]

    def __str__(self) -> str:
        return str(self.post)


class CriterionKind(models.TextChoices):
    COURSE_COMPLETED = "course", _("Course completed")
    QUIZ_SCORE = "quiz", _("Quiz score at least")
    SCENARIO_SCORE = "scenario", _("Scenario competency score at least")
    PRACTICAL_PASSED = "practical", _("Practical assessment passed")
    FOLLOW_UP_RATING = "follow_up", _("Follow-up evaluation rating at least")
    MONTHS_IN_POST = "months", _("Months in post at least")
    MANAGER_SIGN_OFF = "sign_off", _("Manager's sign-off")


# Which fields each kind needs, checked in clean() so the admin explains a half-filled criterion.
CRITERION_REQUIRES: dict[str, tuple[str, ...]] = {
    CriterionKind.COURSE_COMPLETED: ("course",),
    CriterionKind.QUIZ_SCORE: ("page", "threshold"),
    CriterionKind.SCENARIO_SCORE: ("competency", "threshold"),
    CriterionKind.PRACTICAL_PASSED: (),
    CriterionKind.FOLLOW_UP_RATING: ("threshold",),
    CriterionKind.MONTHS_IN_POST: ("months",),
    CriterionKind.MANAGER_SIGN_OFF: (),
}


# The range a threshold has for the kinds whose scale is fixed (a scenario's points have none).
THRESHOLD_RANGES: dict[str, tuple[int, int]] = {
    CriterionKind.QUIZ_SCORE: (0, 100),
    CriterionKind.FOLLOW_UP_RATING: (1, 5),
}


class LevelCriterion(Orderable):
    """One condition for reaching `level` on a ladder. All criteria of a level must hold."""

    ladder = ParentalKey(LevelLadder, on_delete=models.CASCADE, related_name="criteria")
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=CriterionKind.choices)
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Course completed; for follow-up ratings, limits them to this course."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("quiz or scenario page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Quiz: percent; scenario: competency score; follow-up: rating 1–5."),
    )
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True, validators=[MaxValueValidator(600)])

    panels = [
        FieldRowPanel([FieldPanel("level"), FieldPanel("kind")]),
        PageChooserPanel("course", "courses.CoursePage"),
        PageChooserPanel("page"),
        FieldPanel("competency"),
        FieldRowPanel([FieldPanel("threshold"), FieldPanel("months")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("level criterion")
        verbose_name_plural = _("level criteria")
        constraints = [
            # A quiz score is a percentage; a follow-up rating is 1 to 5 (THRESHOLD_RANGES).
            models.CheckConstraint(
                condition=~Q(kind="quiz") | Q(threshold__isnull=True) | Q(threshold__gte=0, threshold__lte=100),
                name="level_criterion_quiz_threshold_percent",
            ),
            models.CheckConstraint(
                condition=~Q(kind="follow_up") | Q(threshold__isnull=True) | Q(threshold__gte=1, threshold__lte=5),
                name="level_criterion_follow_up_threshold_rating",
            ),
            models.CheckConstraint(
                condition=Q(months__isnull=True) | Q(months__lte=600), name="level_criterion_months_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.describe()}"

    def describe(self) -> str:
        # The engine annotates the titles (course_title…) to avoid loading pages; fall back to
        # the relations when a criterion is used on its own.
        course = _label(self, "course_title", "course", "title")
        page = _label(self, "page_title", "page", "title")
        competency = _label(self, "competency_name", "competency", "name")
        kind = CriterionKind(self.kind)
        if kind == CriterionKind.COURSE_COMPLETED:
            return _("Complete “%(course)s”") % {"course": course}
        if kind == CriterionKind.QUIZ_SCORE:
            return _("Score at least %(x)s%% in “%(page)s”") % {"x": _number(self.threshold), "page": page}
        if kind == CriterionKind.SCENARIO_SCORE:
            return _("Scenario score at least %(y)s in %(competency)s") % {
                "y": _number(self.threshold),
                "competency": competency,
            }
        if kind == CriterionKind.PRACTICAL_PASSED:
            if self.competency_id:
                return _("Pass a practical assessment in %(competency)s") % {"competency": competency}
            return _("Pass a practical assessment")
        if kind == CriterionKind.FOLLOW_UP_RATING:
            return _("Follow-up behaviour rating at least %(r)s") % {"r": _number(self.threshold)}
        if kind == CriterionKind.MONTHS_IN_POST:
            return ngettext("At least %(m)s month in post", "At least %(m)s months in post", self.months) % {
                "m": self.months
            }
        return _("Manager's sign-off")

    def clean(self):
        super().clean()
        missing = [
            name
            for name in CRITERION_REQUIRES.get(self.kind, ())
            if getattr(self, f"{name}_id", getattr(self, name, None)) in (None, "")
        ]
        errors = {name: _("Needed for this kind of criterion.") for name in missing}
        bounds = THRESHOLD_RANGES.get(self.kind)
        if bounds and self.threshold is not None and not bounds[0] <= self.threshold <= bounds[1]:
            errors["threshold"] = _("For this kind of criterion the threshold is between %(low)s and %(high)s.") % {
                "low": bounds[0],
                "high": bounds[1],
            }
        if errors:
            raise ValidationError(errors)


def _label(criterion, annotated: str, relation: str, attribute: str) -> str:
    value = getattr(criterion, annotated, None)
    if value is None and getattr(criterion, f"{relation}_id", None):
        value = getattr(getattr(criterion, relation), attribute)
    return value or "?"


def _number(value) -> str:
    if value is None:
        return "?"
    return f"{value:.2f}".rstrip("0").rstrip(".")
