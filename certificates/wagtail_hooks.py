"""Admin for trainers: certificate templates (with revisions), the rules that issue them, and a
read-only list of issued certificates whose failed renders show their error."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from certificates.models import Certificate, CertificateRule, CertificateTemplate
from core.wagtail_columns import YesNoColumn
from core.wagtail_inspect import BlankForNoneInspectView


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Templates")
    list_display = ["name", "orientation", "validity_months", "title"]
    search_fields = ["name", "title"]


class CertificateRuleViewSet(SnippetViewSet):
    model = CertificateRule
    icon = "tasks"
    menu_label = _("Issue rules")
    list_display = ["__str__", "kind", "template", YesNoColumn.for_field(CertificateRule, "is_active")]
    list_filter = ["kind", "is_active"]


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Nobody, superusers included, adds, edits or deletes certificates in the admin: issuing,
    revoking and renewing go through certificates.services (exactly-once, audit)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "publish", "lock", "unlock"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class CertificateViewSet(SnippetViewSet):
    """Issued certificates: trainers get view permission only (see the migration), so the list and
    inspect views show status and render errors; issuing, revoking and retrying go through the
    services from the certificate page on the site."""

    model = Certificate
    icon = "success"
    menu_label = _("Issued certificates")
    inspect_view_enabled = True
    inspect_view_class = BlankForNoneInspectView
    list_display = [
        "holder_name",
        "achievement",
        "issued_on",
        "expires_on",
        "status",
        Column("render_error", label=_("Render error")),
        "revoked_at",
    ]
    list_filter = ["status"]
    search_fields = ["holder_name", "achievement", "code", "employee_number"]

    inspect_view_fields = [
        "code",
        "holder_name",
        "employee_number",
        "achievement",
        "issued_on",
        "expires_on",
        "status",
        "render_error",
        "render_attempts",
        "rendered_at",
        "revoked_at",
        "revoke_reason",
        "renewed_from",
    ]


class CertificatesGroup(SnippetViewSetGroup):
    items = (CertificateTemplateViewSet, CertificateRuleViewSet, CertificateViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Certificates")
    menu_order = 300


register_permission_policy(Certificate, ReadOnlyPermissionPolicy(Certificate))
register_snippet(CertificatesGroup)
