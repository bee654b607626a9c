"""The question bank: categories (by subject area and post, nested), questions of six types with
their options, accepted answers, explanation (解析) and image (the record of each import of a
bank file is in quizzes.models.imports).

Every answer can carry what Moodle's answers carry: a share of the points (`fraction`, in
percent) and feedback for the trainee who gives it; so a bank imported from Moodle XML or GIFT
keeps its partial credit and its per-answer feedback."""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
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
    NUMERICAL = "numerical", _("Numerical (a number, within a tolerance)")


CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)
# The shares of the points Moodle lets an answer carry, in percent (and their negatives): a file
# with any other share is refused by Moodle, and reported here with the question and the value.
MOODLE_FRACTIONS = tuple(
    Decimal(value)
    for value in (
        "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
        "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
    )
)  # fmt: skip
# Types the server marks on hand-in; an essay waits for a trainer.
AUTO_MARKED_TYPES = (
    QuestionType.SINGLE,
    QuestionType.MULTIPLE,
    QuestionType.TRUE_FALSE,
    QuestionType.FILL_IN,
    QuestionType.NUMERICAL,
)


def auto_marked_types() -> list[str]:
    """The default types a category draw takes: every type marked without a trainer."""
    return [str(qtype) for qtype in AUTO_MARKED_TYPES]


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
    moodle_context = models.CharField(
        _("Moodle context"),
        max_length=100,
        blank=True,
        help_text=_(
            "Top-level categories imported from Moodle keep the context their path began with "
            "($course$/top, $system$/top …), so an export lands in the same place in Moodle."
        ),
    )

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
    "option chosen earns its share, each wrong option chosen takes one share away, never below zero. "
    "A question whose options carry shares of the points (as in Moodle) is scored by those shares instead."
)


def new_idnumber() -> str:
    return f"psa-{uuid.uuid4().hex[:16]}"


class Question(ClusterableModel):
    """One question of the bank. Choice questions keep their options as QuestionOption rows;
    true/false keeps `correct_true` and the feedback for each answer; fill-in keeps accepted
    answers, compared after normalisation (NFKC full-width → half-width, case folded unless the
    question is case-sensitive, spaces removed): the simple list earns full marks, answer rows
    (QuestionAnswer) may earn a share and carry feedback, as Moodle's short answers do; numerical
    questions keep answer rows with a value and a tolerance; essays are marked by a trainer.

    `name` and `idnumber` are Moodle's: a re-import finds the question again by its ID number
    (which every export writes), or by its category and name."""

    category = models.ForeignKey(
        QuestionCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="questions"
    )
    qtype = models.CharField(
        _("type"), max_length=16, choices=QuestionType.choices, default=QuestionType.SINGLE, help_text=MULTIPLE_HELP
    )
    name = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("Left empty, the start of the question is used.")
    )
    idnumber = models.CharField(
        _("ID number"),
        max_length=100,
        blank=True,
        default=new_idnumber,
        db_index=True,
        help_text=_("Identifies the question in exported files, so importing them again updates it."),
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
    true_feedback = models.TextField(_("feedback for the answer “true”"), blank=True)
    false_feedback = models.TextField(_("feedback for the answer “false”"), blank=True)
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_("Fill-in questions: one accepted answer per line. Width, case and spaces are ignored."),
    )
    case_sensitive = models.BooleanField(
        _("case-sensitive"), default=False, help_text=_("Fill-in questions: upper and lower case must match.")
    )
    explanation = models.TextField(_("explanation"), blank=True)
    grader_info = models.TextField(
        _("information for markers"), blank=True, help_text=_("Essays: a reference answer or marking guide.")
    )
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
        MultiFieldPanel([FieldPanel("name"), FieldPanel("idnumber")], heading=pgettext_lazy("question", "Name")),
        FieldPanel("stem"),
        FieldPanel("image"),
        InlinePanel("options", label=_("Options (single and multiple choice)")),
        MultiFieldPanel(
            [FieldPanel("correct_true"), FieldPanel("true_feedback"), FieldPanel("false_feedback")],
            heading=_("True / false"),
        ),
        FieldPanel("accepted_answers"),
        FieldPanel("case_sensitive"),
        InlinePanel(
            "answer_keys",
            label=_("Answers with their own share of the points or feedback (numerical; fill-in without a list)"),
        ),
        FieldPanel("explanation"),
        FieldPanel("grader_info"),
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

    def save(self, *args, **kwargs):
        if not self.name:
            self.name = default_question_name(self.stem)
        if not self.idnumber:
            self.idnumber = new_idnumber()
        super().save(*args, **kwargs)

    @property
    def is_choice(self) -> bool:
        return self.qtype in CHOICE_TYPES

    def accepted_answer_list(self) -> list[str]:
        """The answers that earn full marks: the simple list of a fill-in question, or else its
        full-credit answer rows; a numerical question's written as value ± tolerance."""
        lines = [line.strip() for line in self.accepted_answers.splitlines() if line.strip()]
        if self.qtype == QuestionType.FILL_IN and lines:
            return lines
        full = [a for a in self.answer_rows() if a.fraction >= 100 and not a.is_catch_all]
        if self.qtype == QuestionType.NUMERICAL:
            return [a.numeric_label for a in full]
        return [a.text for a in full]

    def answer_rows(self) -> list["QuestionAnswer"]:
        """The detailed answers, in order: a numerical question's, and a fill-in question's when
        it has no simple list (the simple list, when given, is the whole answer). Reads the rows
        only for those two types, so other questions cost no query."""
        if self.qtype == QuestionType.NUMERICAL or (
            self.qtype == QuestionType.FILL_IN and not self.accepted_answers.strip()
        ):
            return sorted(self.answer_keys.all(), key=lambda a: (a.sort_order or 0, a.pk or 0))
        return []

    def clean(self):
        super().clean()
        if self.qtype == QuestionType.TRUE_FALSE and self.correct_true is None:
            raise ValidationError({"correct_true": _("Say whether the statement is true or false.")})


def default_question_name(stem: str) -> str:
    """Moodle names every question; a question given none is named by the start of its text."""
    return " ".join((stem or "").split())[:50]


def question_choice_errors(*, qtype: str, options: list[tuple]) -> list[str]:
    """Rules for the options of a choice question, shared by the admin form and the importers.
    Options are (text, correct) or (text, correct, fraction): a question whose options carry
    shares of the points (percent, as in Moodle) follows Moodle's rules instead — a single choice
    needs an option worth all the points, and the positive shares of a multiple choice add up to
    100 so that all the points can be earned."""
    errors: list[str] = []
    if qtype not in CHOICE_TYPES:
        return errors
    if len(options) < 2:
        errors.append(str(_("A choice question needs at least two options.")))
    fractions = [option[2] for option in options if len(option) > 2 and option[2] is not None]
    if fractions:
        if len(fractions) != len(options):
            errors.append(str(_("Give a share of the points for every option, or for none.")))
        elif qtype == QuestionType.SINGLE and max(fractions) != 100:
            errors.append(str(_("A single-choice question needs an option worth 100%.")))
        elif qtype == QuestionType.MULTIPLE:
            total = sum((Decimal(f) for f in fractions if f > 0), Decimal("0"))
            if abs(total - 100) > Decimal("0.001") * len(options):
                errors.append(
                    str(_("The positive shares of the options add up to %(total)s%%, not 100%%."))
                    % {"total": f"{total.normalize():f}"}
                )
        return errors
    correct = sum(1 for option in options if option[1])
    if qtype == QuestionType.SINGLE and correct != 1:
        errors.append(str(_("A single-choice question needs exactly one correct option.")))
    if qtype == QuestionType.MULTIPLE and correct < 1:
        errors.append(str(_("A multiple-choice question needs at least one correct option.")))
    return errors


FRACTION_HELP = _(
    "The share of the points this answer earns, in percent, as in Moodle (negative: taken away). "
    "Leave empty to score by “correct” and the quiz's multiple-choice rule."
)


class QuestionOption(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("option"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    fraction = models.DecimalField(
        _("share of the points (%)"), max_digits=8, decimal_places=5, null=True, blank=True, help_text=FRACTION_HELP
    )
    feedback = models.TextField(_("feedback"), blank=True, help_text=_("Shown to a trainee who chose this option."))

    panels = [FieldPanel("text"), FieldPanel("is_correct"), FieldPanel("fraction"), FieldPanel("feedback")]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.text


class QuestionAnswer(Orderable):
    """An answer of a fill-in or numerical question with its own share of the points and feedback
    (Moodle's short-answer and numerical answers). The first that matches the trainee's answer
    counts. Fill-in: `*` in the text stands for any characters, and `*` alone for any other
    answer. Numerical: `value` ± `tolerance`, or the text `*` for any other number."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="answer_keys")
    text = models.CharField(_("answer"), max_length=500, blank=True)
    value = models.DecimalField(_("number"), max_digits=24, decimal_places=10, null=True, blank=True)
    tolerance = models.DecimalField(_("tolerance (±)"), max_digits=24, decimal_places=10, default=0)
    fraction = models.DecimalField(_("share of the points (%)"), max_digits=8, decimal_places=5, default=100)
    feedback = models.TextField(_("feedback"), blank=True, help_text=_("Shown to a trainee who gave this answer."))

    panels = [
        FieldPanel("text"),
        FieldPanel("value"),
        FieldPanel("tolerance"),
        FieldPanel("fraction"),
        FieldPanel("feedback"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.numeric_label if self.value is not None else self.text

    @property
    def is_catch_all(self) -> bool:
        return self.text.strip() == "*" and self.value is None

    @property
    def numeric_label(self) -> str:
        if self.value is None:
            return self.text
        value = format_number(self.value)
        return f"{value} ± {format_number(self.tolerance)}" if self.tolerance else value


def format_number(value: Decimal) -> str:
    """A stored number as a person writes it: 3.50000000 → 3.5, 2E+1 → 20."""
    text = f"{Decimal(value).normalize():f}"
    return "0" if text in ("-0", "") else text
