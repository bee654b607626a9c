"""Who sees which navigation entries: the one table the header's navigation is drawn from. A page's
own permission check still decides access; this only keeps people from links they cannot use."""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from org.models import Role

EVERYONE = frozenset({*Role.values, None})  # None: signed in without a staff profile
MANAGERS = frozenset({Role.MANAGER, Role.HR_ADMIN})
TRAINERS = frozenset({Role.TRAINER, Role.HR_ADMIN})
STAFF_WHO_OVERSEE = frozenset({Role.MANAGER, Role.HR_ADMIN, Role.TRAINER})


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    roles: frozenset[str | None]


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry("courses:my_learning", _("My learning"), EVERYONE),
    NavEntry("skills:mine", _("My skills"), frozenset({Role.TRAINEE})),
    NavEntry("skills:dashboard", _("Team skills"), MANAGERS),
    NavEntry("people:staff_list", _("Staff"), MANAGERS),
    NavEntry("hours:report", _("Learning hours"), MANAGERS),
    NavEntry("courses:programme_assign", _("Assign training"), MANAGERS),
    NavEntry("wagtailadmin_home", _("Authoring"), TRAINERS),
    NavEntry("quizzes:my_results", _("My results"), EVERYONE),
    NavEntry("quizzes:marking", _("Essay marking"), TRAINERS),
    NavEntry("scenarios:list", _("Scenarios"), STAFF_WHO_OVERSEE),
    NavEntry("drills:list", _("Drills"), MANAGERS),
    NavEntry("certificates:team", _("Certificates"), STAFF_WHO_OVERSEE),
    NavEntry("certificates:mine", _("Certificates"), EVERYONE - STAFF_WHO_OVERSEE),
    NavEntry("privacy:home", _("Personal data"), frozenset({Role.HR_ADMIN})),
    NavEntry("notifications:delivery", _("Notification delivery"), frozenset({Role.HR_ADMIN})),
)


def navigation_for(role: str | None) -> list[tuple[str, str | Promise]]:
    """The (url, label) pairs the person with `role` sees, in order. The addresses are reversed
    once per role, URL configuration and script prefix in each process, not on every page; the
    labels stay lazy and are translated where they are drawn."""
    return list(_navigation(role, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()))


@functools.cache
def _navigation(role: str | None, urlconf: str, prefix: str) -> tuple[tuple[str, str | Promise], ...]:
    return tuple((reverse(entry.url_name, urlconf=urlconf), entry.label) for entry in NAVIGATION if role in entry.roles)


def navigation_current(entries: list[tuple[str, str | Promise]], path: str) -> tuple[str, str | Promise] | None:
    """The entry the page at `path` belongs to: the one whose URL is the longest prefix of the
    path (a course under "/learning/…" belongs to "My learning", "/skills/team/" to "Team
    skills" rather than to a shorter entry). None for pages outside the navigation."""
    matches = [entry for entry in entries if path.startswith(entry[0])]
    return max(matches, key=lambda entry: len(entry[0]), default=None)
