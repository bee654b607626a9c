"""The question bank: categories (by subject area and post, nested), questions of five types with
their options, accepted answers, explanation (解析) and image, and the record of each import."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from courses.models.pages import SubjectArea
from quizzes.admin_forms import QuestionAdminForm


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True / false")
    FILL_IN = "fill_in", _("Fill in the blank")
    ESSAY = "essay", _("Essay (marked by a trainer)")


CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class QuestionCategory(models.Model):
    """A folder of the bank, e.g. 法律法规 › 物业费. Sub-categories nest one inside another; a quiz
    that draws from a category draws from its sub-categories too."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    subject_area = models.CharField(_("subject area"), max_length=20, choices=SubjectArea.choices, blank=True)
    post = models.ForeignKey(
        "org.Post", verbose_name=_("post"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("subject_area"), FieldPanel("post")]

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="quiz_category_unique_name")]

    def __str__(self) -> str:
        return f"{self.parent} › {self.name}" if self.parent_id else self.name

    def clean(self):
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError({"parent": _("A category cannot be inside itself.")})
            seen.add(node.pk)
            node = node.parent


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey("quizzes.Question", on_delete=models.CASCADE, related_name="tagged_items")


MULTIPLE_HELP = _(
    "Multiple choice is scored by the quiz's rule: all-or-nothing; or half marks when only some of the "
    "correct options and no wrong one are chosen (少选得一半, 错选不得分); or proportional: each correct "
    "option chosen earns its share, each wrong option chosen takes one share away, never below zero."
)


class Question(ClusterableModel):
    """One question of the bank. Choice questions keep their options as QuestionOption rows;
    true/false keeps `correct_true`; fill-in keeps several accepted answers, compared after
    normalisation (NFKC full-width → half-width, case folded, spaces removed); essays are marked
    by a trainer."""

    category = models.ForeignKey(
        QuestionCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="questions"
    )
    qtype = models.CharField(
        _("type"), max_length=16, choices=QuestionType.choices, default=QuestionType.SINGLE, help_text=MULTIPLE_HELP
    )
    stem = models.TextField(_("question"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    correct_true = models.BooleanField(_("the statement is true"), null=True, blank=True)
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_("Fill-in questions: one accepted answer per line. Width, case and spaces are ignored."),
    )
    explanation = models.TextField(_("explanation"), blank=True)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, default=1)
    tags = ClusterTaggableManager(through=QuestionTag, blank=True, verbose_name=_("tags"))
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive questions are not drawn."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    base_form_class = QuestionAdminForm
    panels = [
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("qtype"), FieldPanel("difficulty"), FieldPanel("points")],
            heading=_("Classification"),
        ),
        FieldPanel("stem"),
        FieldPanel("image"),
        InlinePanel("options", label=_("Options (single and multiple choice)")),
        FieldPanel("correct_true"),
        FieldPanel("accepted_answers"),
        FieldPanel("explanation"),
        FieldPanel("tags"),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category__name", "pk"]
        indexes = [models.Index(fields=["category", "is_active"])]

    def __str__(self) -> str:
        return self.stem[:60]

    @property
    def is_choice(self) -> bool:
        return self.qtype in CHOICE_TYPES

    def accepted_answer_list(self) -> list[str]:
        return [line.strip() for line in self.accepted_answers.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.qtype == QuestionType.TRUE_FALSE and self.correct_true is None:
            raise ValidationError({"correct_true": _("Say whether the statement is true or false.")})
        if self.qtype == QuestionType.FILL_IN and not self.accepted_answer_list():
            raise ValidationError({"accepted_answers": _("Give at least one accepted answer.")})


def question_choice_errors(*, qtype: str, options: list[tuple[str, bool]]) -> list[str]:
    """Rules for the options of a choice question, shared by the admin form and the importers."""
    errors: list[str] = []
    if qtype not in CHOICE_TYPES:
        return errors
    correct = sum(1 for _text, ok in options if ok)
    if len(options) < 2:
        errors.append(str(_("A choice question needs at least two options.")))
    if qtype == QuestionType.SINGLE and correct != 1:
        errors.append(str(_("A single-choice question needs exactly one correct option.")))
    if qtype == QuestionType.MULTIPLE and correct < 1:
        errors.append(str(_("A multiple-choice question needs at least one correct option.")))
    return errors


class QuestionOption(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("option"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    panels = [FieldPanel("text"), FieldPanel("is_correct")]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.text


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
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
