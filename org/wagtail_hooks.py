"""The organisation in the Wagtail admin, for HR admins: sites, departments, posts and staff
(role, manager scope, who they report to). Rights come from model permissions, which the
migration gives the "HR admins" group; trainers (Editors) do not see this menu.

Staff are created by the roster import, which gives each a login, so the admin only edits
them; nobody deletes a person here (set the date they left instead)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from org.models import Department, Post, Site, SiteType, StaffProfile
from org.services import staff_admin_saved, staff_detail_viewed


class StaffProfilePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that no one adds or deletes staff in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete", "copy"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(StaffProfile, StaffProfilePermissionPolicy(StaffProfile))


class StaffProfileEditView(EditView):
    def get(self, request, *args, **kwargs):
        # The edit form shows a person's full personal data: opening it is audited like the
        # people page's profile.
        response = super().get(request, *args, **kwargs)
        staff_detail_viewed(actor=request.user, profile=self.object)
        return response

    def save_instance(self):
        instance = super().save_instance()
        # Role changes must reach the login's groups; the edit is audited.
        staff_admin_saved(profile=instance, actor=self.request.user, changed_fields=self.form.changed_data)
        return instance


class SiteViewSet(SnippetViewSet):
    model = Site
    icon = "home"
    menu_label = _("Sites")
    list_display = ["code", "name", "company", "site_type", "households"]
    list_filter = ["site_type"]
    search_fields = ["code", "name"]
    search_backend_name = None
    copy_view_enabled = False


class SiteTypeViewSet(SnippetViewSet):
    model = SiteType
    icon = "list-ul"
    menu_label = _("Site types")
    list_display = ["name", "code"]
    search_fields = ["code", "name"]
    search_backend_name = None
    copy_view_enabled = False


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "folder-open-inverse"
    menu_label = _("Departments")
    list_display = ["name", "site", "post"]
    list_filter = ["site"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False


class PostViewSet(SnippetViewSet):
    model = Post
    icon = "tag"
    menu_label = _("Posts")
    list_display = ["name", "code", "sort_order"]
    search_fields = ["code", "name"]
    search_backend_name = None
    copy_view_enabled = False


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = _("Staff")
    edit_view_class = StaffProfileEditView
    list_display = ["name", "employee_number", "role", "site", "post"]
    list_filter = ["role", "site", "post"]
    list_per_page = 50
    search_fields = ["name", "employee_number"]
    search_backend_name = None
    copy_view_enabled = False
    panels = [
        FieldPanel("employee_number", read_only=True),
        FieldRowPanel([FieldPanel("name"), FieldPanel("phone")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("wecom_userid"), FieldPanel("dingtalk_userid")]),
        FieldPanel("role"),
        MultiFieldPanel(
            [FieldPanel("site"), FieldPanel("department"), FieldPanel("post"), FieldPanel("post_since")],
            heading=_("Place of work"),
        ),
        MultiFieldPanel(
            [FieldPanel("manager"), FieldPanel("mentor"), FieldPanel("hire_date"), FieldPanel("left_at")],
            heading=_("Reporting and dates"),
        ),
        MultiFieldPanel(
            [FieldPanel("managed_sites"), FieldPanel("managed_departments")],
            heading=_("Manager's scope"),
            help_text=_("Managers see and act on staff of these sites, and of these departments elsewhere."),
        ),
    ]

    def get_queryset(self, request):
        return StaffProfile.objects.select_related("site", "post")


class OrganisationViewSetGroup(SnippetViewSetGroup):
    items = (StaffProfileViewSet, SiteViewSet, SiteTypeViewSet, DepartmentViewSet, PostViewSet)
    menu_icon = "group"
    menu_label = _("People")
    menu_name = "people"
    menu_order = 150


register_snippet(OrganisationViewSetGroup)
