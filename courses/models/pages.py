"""The course page tree: home → catalogue → course → steps (lessons, quizzes, scenarios).

Every step type subclasses CourseStepPage, so a course's outline, progress and completion treat
lessons, quizzes and scenarios alike. Page models are declarations; reads live in selectors."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.url_routing import RouteResult

from core.wagtail_cache import ViewRestrictionsCachedMixin
from courses.admin_forms import CoursePageAdminForm
from courses.blocks import LessonStreamBlock


class SubjectArea(models.TextChoices):
    LAW = "law", _("Law and regulation")
    ETIQUETTE = "etiquette", _("Etiquette and image")
    COMPLAINTS = "complaints", _("Complaint handling")
    EMERGENCY = "emergency", _("Emergency drills")
    CULTURE = "culture", _("Company culture and rules")
    POST_SKILLS = "post_skills", _("Post-specific skills")
    MANAGEMENT = "management", _("Management")


class CourseKind(models.TextChoices):
    ONBOARDING = "onboarding", _("Onboarding")
    POST = "post", _("Post training")
    ADVANCEMENT = "advancement", _("Advancement")
    TRANSFER = "transfer", _("Transfer")
    MANAGEMENT = "management", _("Management")


class SignedInOnlyMixin:
    """Course content is for staff: anonymous visitors are sent to the login page. (Preview in the
    admin goes through serve() too, with the editor signed in.)"""

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)


class HomePage(ViewRestrictionsCachedMixin, Page):
    """The site root. Signed-in people are sent on to "my learning" by its view."""

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find the page at a path by its url_path, from the cache (courses.structure), not by
        Wagtail's walk of one query and one `.specific` per level (home → catalogue → course →
        step): every page type under this root routes the default way, so the page at /a/b/c/
        is the page whose url_path is the root's plus a/b/c/. Like the walk, only the page found must be live.
        A path that is no page's (a sub-route, a typo) takes the walk, which decides as before."""
        if path_components:
            from courses.structure import page_at_cached

            page = page_at_cached(url_path=f"{self.url_path}{'/'.join(path_components)}/")
            if page is not None and type(page).route is Page.route:
                if not page.live:
                    raise Http404
                return RouteResult(page)
        return super().route(request, path_components)


class CatalogPage(ViewRestrictionsCachedMixin, SignedInOnlyMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.CoursePage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.child_of(self).live()
        return context


class CoursePage(ViewRestrictionsCachedMixin, SignedInOnlyMixin, Page):
    """A course. Its children are its steps in order; their page types all subclass CourseStepPage
    and declare CoursePage as their parent, which is why subpage_types is left open here."""

    subject_area = models.CharField(_("subject area"), max_length=20, choices=SubjectArea.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices, default=CourseKind.ONBOARDING)
    target_posts = ParentalManyToManyField("org.Post", verbose_name=_("target posts"), blank=True)
    estimated_hours = models.DecimalField(_("estimated hours"), max_digits=5, decimal_places=1, default=1)
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    intro = RichTextField(_("introduction"), blank=True)
    follow_up_months = models.CharField(
        _("follow-up evaluations (months after completion)"),
        max_length=50,
        default="1,3,6",
        help_text=_("Comma-separated months, e.g. 1,3,6. Leave empty for no follow-up."),
    )

    parent_page_types = ["courses.CatalogPage"]
    base_form_class = CoursePageAdminForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("subject_area"), FieldPanel("kind"), FieldPanel("target_posts"), FieldPanel("estimated_hours")],
            heading=_("Classification"),
        ),
        FieldPanel("intro"),
        InlinePanel("objectives", label=_("Learning objectives"), min_num=1),
        FieldPanel("follow_up_months"),
        InlinePanel(
            "step_credits",
            label=_("Step credit hours"),
            heading=_("Credit hours per step"),
            help_text=_(
                "When any step of a course has credit hours, the course is credited step by step "
                "instead of as a whole: each step a person completes credits its hours, and the "
                "estimated hours above are no longer credited."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def follow_up_month_list(self) -> list[int]:
        return sorted({int(m) for m in self.follow_up_months.replace("，", ",").split(",") if m.strip().isdigit()})

    def clean(self):
        super().clean()
        parts = [m.strip() for m in self.follow_up_months.replace("，", ",").split(",") if m.strip()]
        if any(not m.isdigit() or not 1 <= int(m) <= 36 for m in parts):
            raise ValidationError({"follow_up_months": _("Use whole months between 1 and 36, separated by commas.")})

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_next, course_outline

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = outline = course_outline(course=self, user=request.user)
        if outline.is_complete:
            context["next_course"] = course_next(user=request.user, course=self)
        return context


class LearningObjective(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField(_("objective"), max_length=255)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("learning objective")
        verbose_name_plural = _("learning objectives")

    def __str__(self) -> str:
        return self.text


class CourseStepCredit(Orderable):
    """The learning hours (学时) one step of the course credits when a person completes it. A
    course with any of these rows is credited step by step instead of with its estimated hours
    (hours.selectors). The rows hang on the course, not on the step: step page types live in
    several apps (CourseStepPage is abstract), and the course is where its hours are decided. The
    course editor checks that each row names a step of the course, once (courses.admin_forms)."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="step_credits")
    step = models.ForeignKey("wagtailcore.Page", verbose_name=_("step"), on_delete=models.CASCADE, related_name="+")
    credit_hours = models.DecimalField(
        _("credit hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )

    panels = [FieldPanel("step"), FieldPanel("credit_hours")]

    class Meta(Orderable.Meta):
        verbose_name = _("step credit hours")
        verbose_name_plural = _("step credit hours")
        constraints = [models.UniqueConstraint(fields=["course", "step"], name="course_step_credit_once")]

    def __str__(self) -> str:
        return f"{self.step_id}: {self.credit_hours}"


class CourseStepPage(ViewRestrictionsCachedMixin, Page):
    """Base of every step of a course: lessons here, quizzes and scenarios in their apps."""

    is_required = models.BooleanField(
        _("required for completion"), default=True, help_text=_("The course is complete when all required steps are.")
    )
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    settings_panels = [*Page.settings_panels, FieldPanel("is_required")]
    step_kind = "step"

    class Meta:
        abstract = True


class LessonPage(SignedInOnlyMixin, CourseStepPage):
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("estimated_minutes"), FieldPanel("body")]
    step_kind = "lesson"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import step_context

        context = super().get_context(request, *args, **kwargs)
        context.update(step_context(step=self, user=request.user))
        return context
