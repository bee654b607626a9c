"""Forms for the phone pages. Rubric and follow-up forms are built from their rubric's criteria
and the course's learning objectives."""

from decimal import Decimal

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from PIL import Image

from skills.models import FigureMetric, GoalHorizon, Rubric, SkillLevel
from skills.models.evaluation import figure_range, figure_range_error

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
RATING_CHOICES = [(i, str(i)) for i in range(1, 6)]


def validate_photo(photo) -> None:
    """Only real JPEG/PNG/WebP images up to 5 MB: the extension, the size and the decoded format
    must all agree, so a renamed script or a decompression bomb is refused."""
    if photo.size > PHOTO_MAX_BYTES:
        raise forms.ValidationError(_("The photo must be 5 MB or smaller."))
    try:
        photo.seek(0)
        with Image.open(photo) as image:
            image_format = image.format
            image.verify()
    except Exception:
        raise forms.ValidationError(_("Upload a JPEG, PNG or WebP photo."))
    finally:
        photo.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise forms.ValidationError(_("Upload a JPEG, PNG or WebP photo."))


class AssessmentForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    outcome = forms.ChoiceField(
        label=_("Result"),
        choices=[("auto", _("By the pass mark")), ("pass", _("Passed")), ("fail", _("Not passed"))],
        initial="auto",
        widget=forms.RadioSelect,
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}),
    )

    def __init__(self, *args, rubric: Rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        self.criteria = list(rubric.criteria.all())
        for index, criterion in enumerate(self.criteria):
            self.fields[f"score_{index}"] = forms.TypedChoiceField(
                label=criterion.text,
                choices=[(i, str(i)) for i in range(criterion.max_score + 1)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "score"}),
            )
        self.order_fields([f"score_{i}" for i in range(len(self.criteria))] + ["outcome", "notes", "photo"])

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            validate_photo(photo)
        return photo

    @property
    def score_fields(self):
        return [self[f"score_{i}"] for i in range(len(self.criteria))]

    @property
    def scores(self) -> list[int]:
        return [self.cleaned_data[f"score_{i}"] for i in range(len(self.criteria))]

    @property
    def passed(self) -> bool | None:
        return {"pass": True, "fail": False}.get(self.cleaned_data["outcome"])


class FollowUpEvaluationForm(forms.Form):
    objectives = forms.TypedMultipleChoiceField(
        label=_("Learning objectives applied at work"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    behaviour_rating = forms.TypedChoiceField(
        label=_("Behaviour at work (1 = no change, 5 = applies it consistently)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    owner_satisfaction = forms.DecimalField(
        label=_("Owner satisfaction (%), optional"), required=False, min_value=0, max_value=100, decimal_places=1
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].choices = [(o.pk, o.text) for o in objectives]
        for metric, label in FigureMetric.choices:
            low, high = figure_range(metric)
            attrs = {"inputmode": "decimal", "step": "any", "min": str(low)}
            if high is not None:
                attrs["max"] = str(high)
            for when, when_label in (("before", _("before")), ("after", _("after"))):
                # The range is checked in clean() with a message naming the figure
                # (skills.models.figure_range_error, as the service checks it).
                self.fields[f"{metric}_{when}"] = forms.DecimalField(
                    label=f"{label} · {when_label}",
                    required=False,
                    max_digits=9,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs=attrs),
                )

    @property
    def figure_rows(self):
        return [(label, self[f"{metric}_before"], self[f"{metric}_after"]) for metric, label in FigureMetric.choices]

    def clean(self):
        data = super().clean()
        for metric, _label in FigureMetric.choices:
            before, after = data.get(f"{metric}_before"), data.get(f"{metric}_after")
            for when, value in (("before", before), ("after", after)):
                if value is not None and (message := figure_range_error(metric=metric, value=value)):
                    self.add_error(f"{metric}_{when}", message)
            if (before is None) != (after is None):
                self.add_error(f"{metric}_after", _("Give both the figure before and after, or neither."))
        return data

    @property
    def figures(self) -> dict[str, tuple[Decimal, Decimal]]:
        result = {}
        for metric, _label in FigureMetric.choices:
            before, after = self.cleaned_data.get(f"{metric}_before"), self.cleaned_data.get(f"{metric}_after")
            if before is not None and after is not None:
                result[metric] = (before, after)
        return result


class PromotionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    # Set only by the confirmation page's button: an approval without it is asked once more.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note", "").strip():
            self.add_error("note", _("Say why the promotion is rejected."))
        return data


class GoalForm(forms.Form):
    horizon = forms.ChoiceField(label=_("Horizon"), choices=GoalHorizon.choices)
    text = forms.CharField(label=_("Goal"), max_length=300)
    target_level = forms.TypedChoiceField(
        label=_("Target level (optional)"),
        choices=[("", "—"), *SkillLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )


class ReactionForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall, how good was the course?"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful is it for your work?"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class EvidenceCorrectionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("withdraw", _("Withdraw")), ("fail", _("Mark as not passed")), ("pass", _("Mark as passed"))]
    )
    note = forms.CharField(label=_("Reason"), max_length=500)
