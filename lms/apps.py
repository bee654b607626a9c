from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Platform")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction, Site

        from lms.auth_backends import user_changed
        from lms.wagtail_cache import sites_changed, view_restrictions_changed

        for signal in (post_save, post_delete):
            signal.connect(sites_changed, sender=Site, dispatch_uid="lms.sites_changed")
            signal.connect(view_restrictions_changed, sender=PageViewRestriction, dispatch_uid="lms.restrictions")
            signal.connect(user_changed, sender=get_user_model(), dispatch_uid="lms.user_changed")
            signal.connect(user_changed, sender="org.StaffProfile", dispatch_uid="lms.profile_changed")
