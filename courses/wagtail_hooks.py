from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.wagtail_columns import YesNoColumn
from courses.models import Programme


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    icon = "list-ol"
    menu_label = _("Programmes")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "due_days", YesNoColumn.for_field(Programme, "is_active")]
    search_fields = ["name"]


register_snippet(ProgrammeViewSet)
