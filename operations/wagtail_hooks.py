"""Retraining from operations in the Wagtail admin: the categories the property-management system
reports under, and the rules that map an outcome to a refresher course. Outcomes themselves are
read-only: they arrive through the API."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.wagtail_columns import YesNoColumn
from operations.models import OutcomeCategory, RetrainingRule


class OutcomeCategoryViewSet(SnippetViewSet):
    model = OutcomeCategory
    icon = "tag"
    menu_label = _("Outcome categories")
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class RetrainingRuleViewSet(SnippetViewSet):
    model = RetrainingRule
    icon = "redirect"
    menu_label = _("Retraining rules")
    list_display = ["kind", "category", "course", "due_days", YesNoColumn.for_field(RetrainingRule, "is_active")]
    list_filter = ["kind", "is_active"]


class RetrainingViewSetGroup(SnippetViewSetGroup):
    items = (OutcomeCategoryViewSet, RetrainingRuleViewSet)
    menu_icon = "warning"
    menu_label = _("Retraining")
    menu_name = "retraining"
    menu_order = 260


register_snippet(RetrainingViewSetGroup)
