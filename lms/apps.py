from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    """The project shell on top of every app: settings, URLs, WSGI, the role-based home page, the
    navigation, the demo and the scheduler. Nothing imports it."""

    name = "lms"
    label = "academy"
    verbose_name = _("Property Service Academy")
