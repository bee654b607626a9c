"""Drill types and the required frequency per site type in the Wagtail admin, for HR admins
(model permissions given to the "HR admins" group by the drills migration)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from drills.models import DrillRequirement, DrillType


class DrillTypeViewSet(SnippetViewSet):
    model = DrillType
    icon = "warning"
    menu_label = _("Drill types")
    list_display = ["name", "code", "competency_code", "sort_order"]
    search_fields = ["code", "name"]
    search_backend_name = None
    copy_view_enabled = False


class DrillRequirementViewSet(SnippetViewSet):
    model = DrillRequirement
    icon = "date"
    menu_label = _("Drill frequency")
    list_display = ["site_type", "drill_type", "interval_months"]
    list_filter = ["site_type", "drill_type"]
    copy_view_enabled = False


class DrillsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Drills")
    menu_icon = "warning"
    items = (DrillTypeViewSet, DrillRequirementViewSet)


register_snippet(DrillsViewSetGroup)
