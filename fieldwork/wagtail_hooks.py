"""Field tasks in the Wagtail admin, for HR and trainers: the practical tasks staff record on site
and the criteria reviewers score. Records themselves are kept on the phone pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.wagtail_columns import YesNoColumn
from fieldwork.models import FieldTask


class FieldTaskViewSet(SnippetViewSet):
    model = FieldTask
    icon = "clipboard-list"
    menu_label = _("Field tasks")
    menu_order = 255
    add_to_admin_menu = True
    list_display = ["name", "competency_code", "pass_percent", YesNoColumn.for_field(FieldTask, "is_active")]
    list_filter = ["is_active"]
    search_fields = ["name"]


register_snippet(FieldTaskViewSet)
