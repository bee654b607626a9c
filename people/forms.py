from django import forms
from django.utils.translation import gettext_lazy as _

from org.roster.reading import MAX_FILE_BYTES


class StaffFilterForm(forms.Form):
    """Parses the people page's query string. The ids are plain integers on purpose: the scope
    is enforced by the selector, so an id outside it simply matches nobody."""

    site = forms.IntegerField(required=False, min_value=1)
    post = forms.IntegerField(required=False, min_value=1)
    department = forms.IntegerField(required=False, min_value=1)
    q = forms.CharField(required=False, max_length=50, strip=True)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"site_id": data["site"], "post_id": data["post"], "department_id": data["department"], "q": data["q"]}


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("Excel workbook (.xlsx) or CSV (UTF-8 or GBK), at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
