from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from courses.structure import pages_changed

        # Every model's saves and deletes: the handler ignores all but pages (of any type).
        for signal in (post_save, post_delete, page_published, page_unpublished, post_page_move):
            signal.connect(pages_changed, dispatch_uid=f"courses.pages_changed.{id(signal)}")
