"""Field evidence: the practical tasks staff record on site (a cleaning standard met, a patrol
checkpoint round, an equipment inspection) with the criteria a reviewer scores, and each record
with its photos and, once reviewed, its scores."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

CRITERION_MAX_SCORE = 10
FIELD_PHOTOS_MAX = 5


class FieldTask(ClusterableModel):
    """A practical task staff carry out on site and record on the phone, with the criteria their
    reviewer scores. `competency_code` names the skills competency the evidence counts for (the
    skills app matches it by code; fieldwork does not read skills' tables)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    instructions = models.TextField(_("task instructions"), blank=True)
    competency_code = models.SlugField(
        _("competency code"), max_length=40, blank=True, help_text=_("The code of the competency this task shows.")
    )
    pass_percent = models.PositiveSmallIntegerField(
        _("pass mark (percent)"), default=60, validators=[MaxValueValidator(100)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("instructions"),
        FieldPanel("competency_code"),
        FieldPanel("pass_percent"),
        FieldPanel("is_active"),
        InlinePanel("criteria", label=_("Criteria"), min_num=1),
    ]

    class Meta:
        verbose_name = _("field task")
        verbose_name_plural = _("field tasks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FieldTaskCriterion(Orderable):
    task = ParentalKey(FieldTask, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(_("criterion"), max_length=200)
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), default=5, validators=[MinValueValidator(1), MaxValueValidator(CRITERION_MAX_SCORE)]
    )

    panels = [FieldPanel("text"), FieldPanel("max_score")]

    class Meta(Orderable.Meta):
        verbose_name = _("field task criterion")

    def __str__(self) -> str:
        return self.text


class FieldRecordStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    REVIEWED = "reviewed", _("Reviewed")


class FieldRecord(models.Model):
    """One time a person carried out a field task, as they recorded it; reviewed once."""

    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="field_records")
    task = models.ForeignKey(FieldTask, verbose_name=_("task"), on_delete=models.PROTECT, related_name="records")
    notes = models.TextField(_("notes"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=FieldRecordStatus.choices, default=FieldRecordStatus.SUBMITTED
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    total_score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    # A short clip instead of (or beside) photos, stored only as core.videos.video_sanitise wrote
    # it: no location, device or time tags. Served through the scope check, never /media/.
    video = models.FileField(_("video"), upload_to="fieldwork/videos/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("field record")
        verbose_name_plural = _("field records")
        ordering = ["-submitted_at"]
        constraints = [
            # A reviewed record has its reviewer's scores and time; one awaiting review has none.
            models.CheckConstraint(
                condition=(
                    Q(status="reviewed", reviewed_at__isnull=False, total_score__isnull=False, passed__isnull=False)
                    | Q(status="submitted", reviewed_at__isnull=True, total_score__isnull=True, passed__isnull=True)
                ),
                name="field_record_review_complete",
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.task} · {self.trainee}"

    @property
    def percent(self) -> int | None:
        if self.total_score is None or not self.max_score:
            return None
        return round(100 * self.total_score / self.max_score)


class FieldPhoto(models.Model):
    """A photo of the work, stored only as core.images.image_sanitise wrote it: shrunk, turned
    upright, with no EXIF (so no GPS position). Served through the scope check, never /media/."""

    record = models.ForeignKey(FieldRecord, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="fieldwork/%Y/%m/")

    class Meta:
        verbose_name = _("field photo")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name


class FieldScore(models.Model):
    record = models.ForeignKey(FieldRecord, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(_("criterion"), max_length=200)
    score = models.PositiveSmallIntegerField(_("score"))
    max_score = models.PositiveSmallIntegerField(_("maximum score"))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=models.F("max_score")), name="field_score_in_range")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}/{self.max_score}"
