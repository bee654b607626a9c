"""The record of each question bank file import: the upload kept between the preview and the
confirmation, and what it did (new, updated, unchanged questions)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quizzes.models.bank import QuestionCategory


class ImportFormat(models.TextChoices):
    EXCEL = "excel", _("Excel question bank (.xlsx)")
    MOODLE_XML = "moodle_xml", _("Moodle XML")
    GIFT = "gift", _("GIFT")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    IMPORTED = "imported", _("Imported")
    REJECTED = "rejected", _("Rejected")


class QuestionImport(models.Model):
    """An uploaded bank file, kept between the preview and the confirmation so the trainer does
    not upload twice, and as the record of what was imported by whom."""

    fmt = models.CharField(_("format"), max_length=16, choices=ImportFormat.choices)
    filename = models.CharField(_("file name"), max_length=200)
    payload = models.BinaryField(_("file"))
    default_category = models.ForeignKey(
        QuestionCategory, verbose_name=_("default category"), null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    question_count = models.PositiveIntegerField(_("questions"), default=0)
    new_count = models.PositiveIntegerField(pgettext_lazy("question import", "new"), default=0)
    updated_count = models.PositiveIntegerField(pgettext_lazy("question import", "updated"), default=0)
    unchanged_count = models.PositiveIntegerField(pgettext_lazy("question import", "unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
