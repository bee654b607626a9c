from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.messages import Channel, Kind


class ChannelChoicesForm(forms.Form):
    """One row of channel checkboxes per kind; the channels offered are those configured here."""

    def __init__(self, *args, channels: list[str], initial_choices: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        offered = [(value, label) for value, label in Channel.choices if value in channels]
        for kind, label in Kind.choices:
            self.fields[kind] = forms.MultipleChoiceField(
                label=label,
                choices=offered,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[c for c in initial_choices.get(kind, []) if c in channels],
            )

    def choices(self) -> dict[str, list[str]]:
        return {kind: self.cleaned_data[kind] for kind in Kind.values}


class UndeliveredFilterForm(forms.Form):
    everything = forms.BooleanField(label=_("Include notifications read in the inbox"), required=False)
