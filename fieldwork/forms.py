"""Phone forms: a record with photos, and a review built from the task's criteria."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fieldwork.models import FieldTask


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultiplePhotoInput(attrs={"accept": "image/*", "capture": "environment", "multiple": True}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class FieldRecordForm(forms.Form):
    task = forms.ModelChoiceField(label=_("Task"), queryset=FieldTask.objects.none(), empty_label=None)
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to five photos; their location data is removed."),
    )
    video = forms.FileField(
        label=_("Short video"),
        required=False,
        help_text=_("Instead of or beside photos: at most one minute and 30 MB; its location data is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/*", "capture": "environment"}),
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks


class FieldReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the trainee"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(label=_("I have checked every score: a review cannot be changed."))

    def __init__(self, *args, task: FieldTask, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(task.criteria.all())
        for index, criterion in enumerate(self.criteria):
            self.fields[f"score_{index}"] = forms.TypedChoiceField(
                label=criterion.text,
                choices=[(i, str(i)) for i in range(criterion.max_score + 1)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "score"}),
            )
        self.order_fields([f"score_{i}" for i in range(len(self.criteria))] + ["note", "confirm"])

    @property
    def score_fields(self):
        return [self[f"score_{i}"] for i in range(len(self.criteria))]

    @property
    def scores(self) -> list[int]:
        return [self.cleaned_data[f"score_{i}"] for i in range(len(self.criteria))]
