"""Outcomes the property-management system reports about staff (an upheld complaint, a work order
overdue or reopened, a safety incident), the categories it reports them under, and the rules that
turn an outcome into a refresher course."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class OutcomeKind(models.TextChoices):
    COMPLAINT_UPHELD = "complaint_upheld", _("Complaint upheld")
    WORK_ORDER_OVERDUE = "work_order_overdue", _("Work order overdue")
    WORK_ORDER_REOPENED = "work_order_reopened", _("Work order reopened")
    SAFETY_INCIDENT = "safety_incident", _("Safety incident")


class OutcomeCategory(models.Model):
    """A category the property-management system files outcomes under (服务态度, 维修质量, 消防安全…),
    known by the code it sends. An outcome naming an unknown code is refused, so a typo in the
    other system never silently skips retraining."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)

    panels = [FieldPanel("code"), FieldPanel("name")]

    class Meta:
        verbose_name = _("outcome category")
        verbose_name_plural = _("outcome categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class RetrainingRule(models.Model):
    """Outcomes of `kind` (in `category`, or in any category when it is empty) assign `course`,
    due `due_days` later. A scenario is assigned through the course that contains it: a course is
    what the assignment and its reminders track. The rule naming the category wins over the
    catch-all of its kind."""

    kind = models.CharField(_("outcome type"), max_length=24, choices=OutcomeKind.choices)
    category = models.ForeignKey(
        OutcomeCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rules",
        help_text=_("Leave empty for every category of this outcome."),
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("refresher course"), on_delete=models.PROTECT, related_name="+"
    )
    due_days = models.PositiveSmallIntegerField(_("due in (days)"), default=14)
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("category"),
        FieldPanel("course"),
        FieldPanel("due_days"),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("retraining rule")
        verbose_name_plural = _("retraining rules")
        ordering = ["kind", "category__code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "category"], name="retraining_rule_once_per_category"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(category__isnull=True), name="retraining_rule_one_catch_all_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.category or _('any category')} → {self.course}"


class OperationsOutcome(models.Model):
    """One outcome as the property-management system reported it, once per external id: the same
    post sent again finds this row and changes nothing."""

    external_id = models.CharField(_("external id"), max_length=64, unique=True)
    kind = models.CharField(_("outcome type"), max_length=24, choices=OutcomeKind.choices)
    category = models.ForeignKey(
        OutcomeCategory, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="operations_outcomes")
    occurred_at = models.DateTimeField(_("occurred at"))
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule = models.ForeignKey(RetrainingRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    enrolment = models.ForeignKey(
        "courses.CourseEnrolment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("operations outcome")
        verbose_name_plural = _("operations outcomes")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.external_id} · {self.get_kind_display()}"
