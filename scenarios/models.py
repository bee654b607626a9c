"""Scenario pages (a step of a course holding a branching role-play) and the records of plays.

The graph lives in two StreamFields on the page, so drafts, preview and revisions work as for any
Wagtail page. Each run is tied to a ScenarioVersion: the exact graph it was started on, kept by
content hash, so editing a live scenario never breaks a play in progress or its debrief."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from courses.models import CourseStepPage
from scenarios.blocks import CompetenciesStreamBlock, NodesStreamBlock
from scenarios.panels import ScenarioSummaryPanel


class ScenarioPage(CourseStepPage):
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown before the trainee starts."))
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    allow_back = models.BooleanField(_("allow going back"), default=False)
    pass_total = models.IntegerField(
        _("overall pass threshold"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Minimum total of all competency scores; empty for none. An ending marked fail never passes."),
    )
    competencies = StreamField(CompetenciesStreamBlock(), verbose_name=_("competencies"), blank=True)
    nodes = StreamField(
        NodesStreamBlock(),
        verbose_name=_("nodes"),
        blank=True,
        help_text=_("The first node is the start. Choices and routes name the key of the node they lead to."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("estimated_minutes"),
        MultiFieldPanel([FieldPanel("allow_back"), FieldPanel("pass_total")], heading=_("Rules")),
        FieldPanel("competencies"),
        FieldPanel("nodes"),
        ScenarioSummaryPanel(heading=_("Check and diagram")),
    ]
    step_kind = "scenario"

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_minutes__gte=1, estimated_minutes__lte=600),
                name="scenario_estimated_minutes_range",
            ),
            models.CheckConstraint(
                condition=models.Q(pass_total__isnull=True) | models.Q(pass_total__gte=0),
                name="scenario_pass_total_not_negative",
            ),
        ]

    def clean(self):
        super().clean()
        from scenarios.engine import validate
        from scenarios.graphs import page_graph

        try:
            graph = page_graph(self)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(gettext("The scenario could not be read: %(error)s") % {"error": exc})
        errors = validate(graph)
        if errors:
            raise ValidationError([ValidationError(e.message(gettext), code=e.code) for e in errors])

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated and not getattr(request, "is_preview", False):
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import step_context
        from scenarios.selectors import scenario_player_context

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            context["preview"] = scenario_preview_context(self)
            return context
        context.update(step_context(step=self, user=request.user))
        context.update(scenario_player_context(page=self, user=request.user))
        return context


def scenario_preview_context(page: ScenarioPage) -> dict:
    from scenarios.engine import validate
    from scenarios.graphs import page_graph

    graph = page_graph(page)
    return {"graph": graph, "errors": [e.message(gettext) for e in validate(graph)]}


class ScenarioVersion(models.Model):
    """An immutable copy of a scenario's graph (engine dict form), shared by every run started
    on the same content."""

    page = models.ForeignKey(ScenarioPage, on_delete=models.CASCADE, related_name="versions")
    digest = models.CharField(max_length=64)
    graph = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scenario version")
        constraints = [models.UniqueConstraint(fields=["page", "digest"], name="scenario_version_unique")]

    def __str__(self) -> str:
        return f"{self.page_id} · {self.digest[:8]}"


class RunStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    FINISHED = "finished", _("Finished")
    ABANDONED = "abandoned", _("Abandoned")


class ScenarioRun(models.Model):
    """One play of a scenario by one person. `path` is the list of [node, choice key or
    "__timeout__"] steps (replaying it rebuilds the state); `node`, `scores` and `flags` cache the
    current state; `deadline_at` is set while a timed node is shown, by the server's clock."""

    page = models.ForeignKey(ScenarioPage, on_delete=models.CASCADE, related_name="runs")
    # RESTRICT: a version cannot go while runs use it, except when the page (and so its runs)
    # is deleted as a whole.
    version = models.ForeignKey(ScenarioVersion, on_delete=models.RESTRICT, related_name="runs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scenario_runs")
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.ACTIVE)
    node = models.CharField(_("current node"), max_length=40)
    node_entered_at = models.DateTimeField()
    deadline_at = models.DateTimeField(null=True, blank=True)
    scores = models.JSONField(default=dict)
    flags = models.JSONField(default=list)
    path = models.JSONField(default=list)
    outcome = models.CharField(_("outcome"), max_length=10, blank=True)
    total = models.IntegerField(_("total score"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scenario run")
        verbose_name_plural = _("scenario runs")
        indexes = [
            models.Index(fields=["page", "user", "status"]),
            models.Index(fields=["status", "deadline_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "user"], condition=models.Q(status="active"), name="scenario_one_active_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_id} · {self.user_id} · {self.attempt}"

    @property
    def is_finished(self) -> bool:
        return self.status == RunStatus.FINISHED


class EventKind(models.TextChoices):
    CHOICE = "choice", _("Choice")
    TIMEOUT = "timeout", _("Timed out")
    BACK = "back", _("Went back")


class RunEvent(models.Model):
    """The transcript: every choice, timeout and step back, with the server time it happened.
    A step undone by "back" stays in the transcript, marked undone."""

    run = models.ForeignKey(ScenarioRun, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    node = models.CharField(max_length=40)
    choice = models.CharField(max_length=40, blank=True)
    choice_text = models.TextField(blank=True)
    at = models.DateTimeField()
    elapsed_ms = models.PositiveIntegerField(default=0, help_text=_("Time since the node was shown."))
    scores_after = models.JSONField(default=dict)
    undone = models.BooleanField(default=False)

    class Meta:
        ordering = ["run", "seq"]
        constraints = [models.UniqueConstraint(fields=["run", "seq"], name="scenario_event_seq_unique")]
        indexes = [models.Index(fields=["kind", "node"])]

    def __str__(self) -> str:
        return f"{self.run_id} #{self.seq} {self.kind} {self.node}"
