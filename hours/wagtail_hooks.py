"""Each post's yearly learning-hours targets in the Wagtail admin, for HR admins (model
permissions given to the "HR admins" group by hours' migration 0002)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from hours.models import HoursTarget


class HoursTargetViewSet(SnippetViewSet):
    model = HoursTarget
    icon = "time"
    menu_label = _("Learning hours targets")
    menu_order = 160
    add_to_admin_menu = True
    list_display = ["post", "subject_area", "hours_per_year"]
    list_filter = ["post", "subject_area"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return HoursTarget.objects.select_related("post")


register_snippet(HoursTargetViewSet)
