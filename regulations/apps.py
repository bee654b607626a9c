from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "regulations"
    verbose_name = _("Regulations")

    def ready(self):
        from wagtail.signals import page_published

        from regulations.receivers import page_published_reviews_close

        # Wagtail announces a publication only by this signal (admin, scheduled publishing and
        # code alike): a cited lesson or scenario published after its review was opened is revised.
        page_published.connect(page_published_reviews_close, dispatch_uid="regulations.page_published_reviews_close")
