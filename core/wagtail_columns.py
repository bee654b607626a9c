"""Listing columns for the Wagtail admin that read as words in the reader's language."""

from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column

YES = pgettext_lazy("boolean", "Yes")
NO = pgettext_lazy("boolean", "No")


class YesNoColumn(Column):
    """A true/false field shown as 是/否 (Yes/No). A field name in `list_display` would show
    Python's True/False, untranslated, in every language."""

    @classmethod
    def for_field(cls, model: type[Model], field_name: str) -> "YesNoColumn":
        field = model._meta.get_field(field_name)
        return cls(field_name, label=capfirst(field.verbose_name), sort_key=field_name)

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return ""
        return YES if value else NO
