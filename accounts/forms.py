from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from accounts.codes import activation_code_normalise


class ActivationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Activation code"),
        max_length=20,
        help_text=_("The 8 characters on your onboarding slip, such as ABCD-EFGH."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = activation_code_normalise(self.cleaned_data["code"])
        if len(code) != 8:
            raise forms.ValidationError(_("An activation code has 8 letters and digits."))
        return code


class RecoveryRequestForm(forms.Form):
    identifier = forms.CharField(
        label=_("Employee number or mobile number"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )


class RecoveryCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from the text message"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AdminLoginForm(LoginForm):
    """Wagtail's admin sign-in form (WAGTAILADMIN_USER_LOGIN_FORM) with a translated label for the
    password: Wagtail's own has none, so Django shows the field name, "Password", in every language."""

    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Enter password")}),
        strip=False,
    )
