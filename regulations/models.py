"""The regulation register (法规库): laws and rules, their versions with effective dates and clauses,
the lessons, questions and scenarios that cite a clause, the review queue a new version opens, and
the refreshers it led to."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RegulationKind(models.TextChoices):
    LAW = "law", _("Law")
    REGULATION = "regulation", _("Administrative regulation")
    LOCAL_RULE = "local_rule", _("Local rule")
    STANDARD = "standard", _("Standard")


class Regulation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    kind = models.CharField(
        pgettext_lazy("regulation", "kind"), max_length=16, choices=RegulationKind.choices, default=RegulationKind.LAW
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegulationVersion(models.Model):
    """One version of a regulation, in force from `effective_on`. Exactly one version of a
    regulation is current: the last recorded (regulations.services.regulation_version_record)."""

    regulation = models.ForeignKey(
        Regulation, verbose_name=_("regulation"), on_delete=models.CASCADE, related_name="versions"
    )
    label = models.CharField(_("version"), max_length=100)
    effective_on = models.DateField(_("effective from"))
    summary = models.TextField(_("what changed"), blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("regulation version")
        verbose_name_plural = _("regulation versions")
        ordering = ["regulation", "-effective_on", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "label"], name="regulation_version_label_unique"),
            models.UniqueConstraint(
                fields=["regulation"], condition=Q(is_current=True), name="regulation_one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regulation.name} ({self.label})"


class ClauseChange(models.TextChoices):
    NEW = "new", _("New")
    CHANGED = "changed", _("Changed")
    UNCHANGED = "unchanged", _("Unchanged")


class Clause(models.Model):
    """A clause of one version. `key` is what stays the same across versions (by default the
    clause number), so that the new version's clause is matched to the one it supersedes."""

    version = models.ForeignKey(
        RegulationVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="clauses"
    )
    number = models.CharField(_("clause number"), max_length=50)
    key = models.CharField(_("stable key"), max_length=50)
    text = models.TextField(pgettext_lazy("clause", "text"))
    position = models.PositiveIntegerField(default=0)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
    )
    change = models.CharField(_("change"), max_length=10, choices=ClauseChange.choices, default=ClauseChange.NEW)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["version", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="clause_key_unique_in_version")]

    def __str__(self) -> str:
        return f"{self.version.regulation.name} {self.number}"


class Citation(models.Model):
    """A lesson or scenario page, or a bank question, that teaches a clause. It cites the clause
    of the version it was last checked against: an unchanged clause carries it forward to the new
    version, a changed or removed one leaves it where it was until its review is decided."""

    clause = models.ForeignKey(Clause, verbose_name=_("clause"), on_delete=models.PROTECT, related_name="citations")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("lesson or scenario"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    question = models.ForeignKey(
        "quizzes.Question",
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(
                condition=Q(page__isnull=False, question__isnull=True) | Q(page__isnull=True, question__isnull=False),
                name="citation_cites_one_item",
            ),
            models.UniqueConstraint(
                fields=["clause", "page"], condition=Q(page__isnull=False), name="citation_page_once"
            ),
            models.UniqueConstraint(
                fields=["clause", "question"], condition=Q(question__isnull=False), name="citation_question_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_title} → {self.clause}"

    @property
    def item_title(self) -> str:
        if self.page_id:
            return self.page.title
        return self.question.name or self.question.stem[:60]


class ReviewStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("review", "Open")
    REVISED = "revised", _("Revised")
    STILL_CORRECT = "still_correct", _("Still correct")


class ReviewItem(models.Model):
    """An item citing a clause that a new version changed or removed, waiting for a trainer to
    revise it or to confirm it is still correct."""

    citation = models.ForeignKey(
        Citation, verbose_name=_("citation"), on_delete=models.CASCADE, related_name="review_items"
    )
    version = models.ForeignKey(
        RegulationVersion, verbose_name=_("new version"), on_delete=models.CASCADE, related_name="review_items"
    )
    old_clause = models.ForeignKey(
        Clause, verbose_name=_("superseded clause"), on_delete=models.CASCADE, related_name="+"
    )
    new_clause = models.ForeignKey(
        Clause, verbose_name=_("new clause"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, db_index=True
    )
    flagged_at = models.DateTimeField(_("flagged at"), default=timezone.now)
    decided_at = models.DateTimeField(pgettext_lazy("review", "decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("review", "decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("review item")
        verbose_name_plural = _("review items")
        ordering = ["flagged_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["citation", "version"], name="review_item_once_per_version"),
            models.CheckConstraint(
                condition=Q(status="open", decided_at__isnull=True) | (~Q(status="open") & Q(decided_at__isnull=False)),
                name="review_item_decided_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citation} ({self.get_status_display()})"


class RegulationRefresher(models.Model):
    """A refresher assigned to a certificate holder because a version changed content of a course
    their certificate rests on: once per version, course and person."""

    version = models.ForeignKey(
        RegulationVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="refreshers"
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(
        "courses.CourseEnrolment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    certificate = models.ForeignKey(
        "certificates.Certificate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("regulation refresher")
        verbose_name_plural = _("regulation refreshers")
        constraints = [
            models.UniqueConstraint(fields=["version", "course", "user"], name="regulation_refresher_once"),
        ]

    def __str__(self) -> str:
        return f"{self.version} → {self.course_id} · {self.user_id}"
