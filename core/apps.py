from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground every app stands on: the audit trail, typed events and their listeners, the shared
    cache, sanitising and the database router. It imports no app of the project.

    It keeps the app label ``lms``, which the audit table, its migrations, content type and
    permissions were created under before the ground and the project shell were separated, so
    existing databases carry over without a migration."""

    name = "core"
    label = "lms"
    verbose_name = _("Platform")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished

        from core import checks  # noqa: F401 — registers the event wiring check
        from core.auth_backends import user_changed
        from core.wagtail_cache import root_page_changed, site_lookup_install, sites_changed, view_restrictions_changed
        from core.wagtail_choosers import lazy_chooser_texts

        lazy_chooser_texts()
        site_lookup_install()
        for signal in (post_save, page_published, page_unpublished):
            signal.connect(root_page_changed, dispatch_uid=f"lms.root_page_changed.{id(signal)}")
        for signal in (post_save, post_delete):
            signal.connect(sites_changed, sender=Site, dispatch_uid="lms.sites_changed")
            signal.connect(view_restrictions_changed, sender=PageViewRestriction, dispatch_uid="lms.restrictions")
            signal.connect(user_changed, sender=get_user_model(), dispatch_uid="lms.user_changed")
            signal.connect(user_changed, sender="org.StaffProfile", dispatch_uid="lms.profile_changed")
