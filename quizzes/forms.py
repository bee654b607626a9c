from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.models import QuestionCategory
from quizzes.models.imports import ImportFormat


class BankImportForm(forms.Form):
    fmt = forms.ChoiceField(label=_("Format"), choices=ImportFormat.choices)
    file = forms.FileField(label=_("File"))
    default_category = forms.ModelChoiceField(
        label=_("Default category"),
        queryset=QuestionCategory.objects.select_related("parent"),
        required=False,
        help_text=_("Used for questions whose file gives no category."),
    )


class BankExportForm(forms.Form):
    fmt = forms.ChoiceField(label=_("Format"), choices=ImportFormat.choices)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=QuestionCategory.objects.select_related("parent"),
        required=False,
        help_text=_("Leave empty to export the whole bank."),
    )
