"""What a notification says: a message id and its parameters, rendered in the reader's language
when it is read (the inbox) or sent (the other channels), never frozen text.

Each app declares its messages in its own ``notices.py`` as ``Notice`` objects (found by
``NotificationsConfig.ready``); a notification row stores the notice's ``id`` and the parameters
its ``%(name)s`` placeholders take. Text that comes from no catalogue (a title typed by a person)
is given in both languages instead, ``{"zh-hans": …, "en": …}``."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    """What a notification is about: the unit people choose channels for."""

    COURSE_DUE = "course_due", _("Training due or overdue")
    ONBOARDING = "onboarding", _("Onboarding days")
    FOLLOW_UP = "follow_up", _("Follow-up evaluations")
    MARKING = "marking", _("Essay marking")
    CERTIFICATE = "certificate", _("Certificates")
    EXPORT = "export", _("Exports ready")
    PROMOTION = "promotion", _("Promotions")
    DIGEST = "digest", _("Weekly team digest")


class Channel(models.TextChoices):
    """Where a notification goes besides the in-app inbox, which every notification reaches."""

    EMAIL = "email", pgettext_lazy("notification channel", "Email")
    WECOM = "wecom", _("WeCom")
    DINGTALK = "dingtalk", _("DingTalk")
    SMS = "sms", _("Text message (SMS)")


NOTICES: dict[str, "Notice"] = {}


@dataclass(frozen=True)
class Parts:
    """A lazy text made of parts filled one by one, so that each counted part takes its own
    singular or plural (a title with three counts, each an ngettext_lazy keyed by its parameter).
    `template` takes the parts, joined by `separator`, as ``%(parts)s``."""

    template: Promise
    parts: tuple[Promise, ...]
    separator: Promise

    def __mod__(self, params: dict) -> str:
        joined = str(self.separator).join(str(part % params) for part in self.parts)
        return str(self.template) % {**params, "parts": joined}

    def __str__(self) -> str:
        return str(self.template)


class NoticeIdTaken(Exception):
    pass


@dataclass(frozen=True)
class Notice:
    """One message an app sends: `title` and `body` are lazy translations with ``%(name)s``
    placeholders filled from the notification's parameters. Declaring it registers its `id`."""

    id: str
    kind: str
    title: "Promise | Parts"
    body: "Promise | Parts"

    def __post_init__(self):
        known = NOTICES.get(self.id)
        if known is not None and known != self:
            raise NoticeIdTaken(f"notice id {self.id!r} is declared twice")
        NOTICES[self.id] = self


def notice_for(message_id: str) -> Notice | None:
    return NOTICES.get(message_id)


def _fill(template: Promise, params: dict) -> str:
    """The lazy text with its parameters filled in; an ngettext_lazy text keyed by a parameter's
    name ("rows") takes the singular or plural form for that parameter's value."""
    try:
        return str(template % params)
    except (KeyError, ValueError, TypeError):  # a parameter the text no longer takes: show the text
        return str(template)


def text_in(texts: dict, language: str) -> str:
    """The text of a {language: text} pair in `language`, else the default language's, else any."""
    for code in (language, language.split("-")[0], settings.LANGUAGE_CODE, "zh-hans", "en"):
        if texts.get(code):
            return texts[code]
    return next((value for value in texts.values() if value), "")


def render(
    *, message_id: str, params: dict, title: dict, body: dict, kind: str, language: str | None = None
) -> tuple[str, str]:
    """(title, body) in `language` (default: the active one). A message id no app declares any
    more (code removed since) shows the kind's name rather than failing the inbox."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if message_id:
        notice = notice_for(message_id)
        with translation.override(language):
            if notice is None:
                return str(Kind(kind).label) if kind in Kind.values else message_id, ""
            return _fill(notice.title, params), _fill(notice.body, params)
    return text_in(title, language), text_in(body, language)
