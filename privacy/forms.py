from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent


class StaffSearchForm(forms.Form):
    q = forms.CharField(label=_("Employee number or name"), max_length=50, required=False)


class EraseForm(forms.Form):
    """Erasure cannot be undone: HR confirms by typing the employee number again."""

    confirm_employee_number = forms.CharField(label=_("Type the employee number to confirm"), max_length=32)
    left_at = forms.DateField(label=_("Left on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, employee_number: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee_number = employee_number

    def clean_confirm_employee_number(self):
        value = self.cleaned_data["confirm_employee_number"].strip()
        if value != self.employee_number:
            raise forms.ValidationError(_("The employee number does not match."))
        return value


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All actions")), *AuditEvent.Action.choices], required=False
    )
    employee_number = forms.CharField(label=_("About employee number"), max_length=32, required=False)
