from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """The people pages for managers and HR (lists, a person's learning, roster import). They stand
    above `courses` because they show each person's learning; `org` below them owns the people."""

    name = "people"
    verbose_name = _("People")
