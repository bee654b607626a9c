from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from courses.models import LessonPage
from quizzes.models import Question
from regulations.models import Regulation, ReviewStatus
from regulations.selectors import clauses_citable
from regulations.services import ClauseInput
from scenarios.models import ScenarioPage


class RegulationForm(forms.ModelForm):
    class Meta:
        model = Regulation
        fields = ["name", "issuing_body", "kind"]


class VersionForm(forms.Form):
    label = forms.CharField(label=_("Version"), max_length=100, help_text=_("For example: 2025 revision."))
    effective_on = forms.DateField(label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    clauses = forms.CharField(
        label=_("Clauses"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "One clause per line: number | text, or number | key | text when the number changed but it is "
            "the same clause. A clause is matched to the previous version's by its key (by default its number)."
        ),
    )
    confirm = forms.BooleanField(
        label=_(
            "Record this version: every lesson, question and scenario citing a changed or removed clause goes to the review queue."
        ),
    )

    def clean_clauses(self) -> list[ClauseInput]:
        parsed = []
        for number, line in enumerate(self.cleaned_data["clauses"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.replace("｜", "|").split("|")]
            if len(parts) == 2:
                parsed.append(ClauseInput(number=parts[0], text=parts[1]))
            elif len(parts) == 3:
                parsed.append(ClauseInput(number=parts[0], key=parts[1], text=parts[2]))
            else:
                raise forms.ValidationError(
                    _("Line %(line)s: write number | text or number | key | text.") % {"line": number}
                )
        if not parsed:
            raise forms.ValidationError(_("A version needs at least one clause."))
        return parsed


class CitationForm(forms.Form):
    clause = forms.ModelChoiceField(label=_("Clause"), queryset=clauses_citable())
    page = forms.ModelChoiceField(
        label=_("Lesson or scenario"),
        queryset=Page.objects.none(),
        required=False,
    )
    question = forms.ModelChoiceField(
        label=_("Question"), queryset=Question.objects.order_by("category_id", "pk"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Page.objects.type() reads content types: only once a form is made, not at import.
        self.fields["page"].queryset = Page.objects.type(LessonPage, ScenarioPage).order_by("path")

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("page")) == bool(cleaned.get("question")):
            raise forms.ValidationError(_("Choose one lesson, scenario or question."))
        return cleaned


class DecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ReviewStatus.REVISED, ReviewStatus.REVISED.label),
            (ReviewStatus.STILL_CORRECT, ReviewStatus.STILL_CORRECT.label),
        ],
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000)
