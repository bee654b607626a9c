from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.models import LiveStatus
from org.models import Post


class TeamFilterForm(forms.Form):
    site = forms.ModelChoiceField(queryset=None, required=False, label=_("Site"), empty_label=_("All sites"))
    post = forms.ModelChoiceField(
        queryset=Post.objects.all(), required=False, label=_("Post"), empty_label=_("All posts")
    )
    status = forms.ChoiceField(choices=[("", _("Any status")), *LiveStatus.choices], required=False, label=_("Status"))

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    # Set only by the confirmation page's button: without it the view asks once more.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
