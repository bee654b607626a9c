"""QuizPage: a quiz or exam as a step of a course. Every django-quiz-app setting (random order,
maximum questions, answers at the end or feedback after each question, exam paper kept, single
attempt, pass mark, success/fail text, draft through Wagtail) plus Moodle's: draws per category,
shuffled options, attempts with a grading method, a server-enforced time limit with grace, an
open/close window and review options. The page is a declaration; serving goes through views."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from courses.models import CourseStepPage
from quizzes.admin_forms import QuizPageAdminForm
from quizzes.models.bank import QuestionType, auto_marked_types


class FeedbackMode(models.TextChoices):
    AT_END = "at_end", _("Answers at the end")
    EACH = "each", _("Feedback after each question")


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")
    FIRST = "first", _("First attempt")
    AVERAGE = "average", _("Average of attempts")


class MultipleChoiceScoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
    HALF_FOR_SUBSET = "half_for_subset", _("Half marks for some correct and no wrong option")
    PROPORTIONAL = "proportional", _("Proportional, wrong choices subtract")


class ReviewAvailability(models.TextChoices):
    IMMEDIATELY = "immediately", _("Right after submitting")
    AFTER_CLOSE = "after_close", _("After the quiz closes")
    NEVER = "never", _("Never")


class QuizPage(CourseStepPage):
    intro = RichTextField(_("instructions"), blank=True)
    is_final_exam = models.BooleanField(_("final exam of the course"), default=False)

    # django-quiz-app's settings
    random_order = models.BooleanField(_("random question order"), default=False)
    max_questions = models.PositiveSmallIntegerField(
        _("maximum questions"), null=True, blank=True, help_text=_("Leave empty to ask every question of the paper.")
    )
    feedback_mode = models.CharField(
        _("feedback"), max_length=16, choices=FeedbackMode.choices, default=FeedbackMode.AT_END
    )
    exam_paper = models.BooleanField(
        _("keep the exam paper"),
        default=True,
        help_text=_("When off, only the score of a finished attempt is kept; the trainee's answers are cleared."),
    )
    requires_course_steps = models.BooleanField(
        _("the course's required steps come first"),
        default=False,
        help_text=_(
            "Trainees can start only once they have completed every required step placed before this quiz in "
            "the course; the quiz page lists what is missing. Usual for a final exam."
        ),
    )
    single_attempt = models.BooleanField(_("single attempt"), default=False)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60)
    hand_marked = models.BooleanField(
        _("passing depends on a trainer's marking"),
        default=False,
        help_text=_(
            "Tick when essays on the paper are meant to decide the result. Left unticked, the quiz is marked "
            "automatically and the editor refuses a paper whose essays could keep a trainee below the pass mark."
        ),
    )
    success_text = models.TextField(_("text shown on passing"), blank=True)
    fail_text = models.TextField(_("text shown on failing"), blank=True)

    # more
    shuffle_options = models.BooleanField(_("shuffle options"), default=False)
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=0, help_text=_("0 = unlimited."))
    grading_method = models.CharField(
        _("grading method"), max_length=16, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    multiple_choice_scoring = models.CharField(
        _("multiple-choice scoring"),
        max_length=20,
        choices=MultipleChoiceScoring.choices,
        default=MultipleChoiceScoring.HALF_FOR_SUBSET,
        help_text=_(
            "All or nothing: full marks only for exactly the correct options. Half marks: some of the correct "
            "options and no wrong one earn half. Proportional: each correct option chosen earns its share, each "
            "wrong one takes a share away, never below zero."
        ),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Kept by the server. Empty = no limit.")
    )
    grace_seconds = models.PositiveSmallIntegerField(
        _("grace period (seconds)"),
        default=30,
        help_text=_("Answers sent this long after the deadline are still accepted (slow networks)."),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)

    # review options: what a trainee may see after submitting, and when
    review_when = models.CharField(
        _("review available"), max_length=16, choices=ReviewAvailability.choices, default=ReviewAvailability.IMMEDIATELY
    )
    review_score = models.BooleanField(_("show the score"), default=True)
    review_responses = models.BooleanField(_("show the trainee's answers"), default=True)
    review_correct = models.BooleanField(_("show whether each answer was right and the correct answers"), default=True)
    review_explanations = models.BooleanField(_("show explanations"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("is_final_exam"),
        InlinePanel("fixed_questions", label=_("Questions always asked")),
        InlinePanel("category_draws", label=_("Random questions drawn per category")),
    ]
    settings_tab_panels = [
        MultiFieldPanel(
            [
                FieldPanel("random_order"),
                FieldPanel("max_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("feedback_mode"),
                FieldPanel("multiple_choice_scoring"),
            ],
            heading=_("Paper"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("hand_marked"),
                FieldPanel("requires_course_steps"),
                FieldPanel("single_attempt"),
                FieldPanel("attempts_allowed"),
                FieldPanel("grading_method"),
                FieldPanel("exam_paper"),
                FieldPanel("success_text"),
                FieldPanel("fail_text"),
            ],
            heading=_("Attempts and grading"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("grace_seconds")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Timing"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("review_when"),
                FieldPanel("review_score"),
                FieldPanel("review_responses"),
                FieldPanel("review_correct"),
                FieldPanel("review_explanations"),
            ],
            heading=_("Review after submitting"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(settings_tab_panels, heading=_("Quiz settings")),
            ObjectList(CourseStepPage.promote_panels, heading=_("Promote")),
            ObjectList(CourseStepPage.settings_panels, heading=_("Settings")),
        ]
    )
    step_kind = "quiz"
    base_form_class = QuizPageAdminForm

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def passes(self, percent: Decimal | None) -> bool:
        """The pass rule, in one place: a grade passes when it reaches the pass mark."""
        return percent is not None and percent >= self.pass_mark

    @property
    def max_attempts(self) -> int:
        """0 means unlimited; a single-attempt quiz allows exactly one."""
        return 1 if self.single_attempt else self.attempts_allowed

    def pass_needs_marking(self, *, auto_floor: Decimal | None) -> bool:
        """Whether a possible paper puts the pass mark out of reach without a trainer: its
        automatically marked share (`auto_floor`, in %) is below the pass mark. Allowed only on a
        quiz that says it is hand-marked (the editor and quiz_page_create refuse it otherwise)."""
        return auto_floor is not None and not self.passes(auto_floor)

    def clean(self):
        super().clean()
        errors = {}
        if self.pass_mark > 100:
            errors["pass_mark"] = _("The pass mark is a percentage between 0 and 100.")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The quiz must close after it opens.")
        if self.max_questions == 0:
            errors["max_questions"] = _("Leave empty or give at least one question.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from quizzes.selectors import quiz_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(quiz_page_context(quiz=self, user=request.user))
        return context


class QuizQuestion(Orderable):
    """A question always put on the paper."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(
        "quizzes.Question", verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("question on the paper")
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="quiz_question_unique")]


class QuestionTypesField(models.JSONField):
    """A list of question types, edited as check boxes."""

    def formfield(self, **kwargs):
        return models.Field.formfield(
            self,
            **{
                "form_class": forms.TypedMultipleChoiceField,
                "choices": QuestionType.choices,
                "widget": forms.CheckboxSelectMultiple,
                **kwargs,
            },
        )


class QuizCategoryDraw(Orderable):
    """Draw `count` random active questions of the allowed types from a category (and its
    sub-categories) per attempt. By default a draw takes only the automatically marked types: an
    essay drawn at random into an automatically marked quiz would keep the best possible score
    below the pass mark until a trainer marks it."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="category_draws")
    category = models.ForeignKey(
        "quizzes.QuestionCategory", verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveSmallIntegerField(_("questions to draw"), default=5)
    difficulty = models.PositiveSmallIntegerField(
        _("only of difficulty"), null=True, blank=True, choices=[(1, _("Easy")), (2, _("Medium")), (3, _("Hard"))]
    )
    question_types = QuestionTypesField(
        _("question types drawn"),
        default=auto_marked_types,
        help_text=_("Only questions of these types are drawn. Essays wait for a trainer's marking."),
    )

    panels = [FieldPanel("category"), FieldPanel("count"), FieldPanel("difficulty"), FieldPanel("question_types")]

    class Meta(Orderable.Meta):
        verbose_name = _("category draw")

    def clean(self):
        super().clean()
        types = self.question_types
        if not isinstance(types, list) or not types or not set(types) <= set(QuestionType.values):
            raise ValidationError({"question_types": _("Choose at least one question type.")})
