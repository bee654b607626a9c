"""What the skills app writes into its own records (an evidence entry's title, a learning-points
entry's reason), kept as a message id and its parameters so each reader sees it in their own
language. The parameters are content (a course's title, a competency's name) and stay as they
were; a parameter named in `choices` holds a choice's value (a level's number) and is shown by that
choice's label, translated when read. The row also keeps the text as first written, shown for
rows older than these ids (and for an id no code declares any more)."""

import contextlib
from dataclasses import dataclass, field

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from skills.models.framework import SkillLevel

STORED_MESSAGES: dict[str, "StoredMessage"] = {}


@dataclass(frozen=True)
class StoredMessage:
    """One text with ``%(name)s`` placeholders; an ngettext_lazy text keyed by a parameter's name
    takes its singular or plural for that parameter. Declaring it registers its `id`."""

    id: str
    text: Promise
    choices: dict[str, type[models.Choices]] = field(default_factory=dict)

    def __post_init__(self):
        known = STORED_MESSAGES.get(self.id)
        if known is not None and known != self:
            raise ValueError(f"stored message id {self.id!r} is declared twice")
        STORED_MESSAGES[self.id] = self

    def render(self, params: dict) -> str:
        """The text in the active language with `params` filled in."""
        values = dict(params)
        for name, choices in self.choices.items():
            with contextlib.suppress(KeyError, ValueError):
                values[name] = choices(values[name]).label
        try:
            return str(self.text % values)
        except (KeyError, ValueError, TypeError):  # a parameter the text no longer takes
            return str(self.text)


def stored_text(*, message_id: str, params: dict, fallback: str, language: str | None = None) -> str:
    """The stored message in `language` (default: the active one, the reader's in a request), or
    `fallback` (the text as first written) when the row has no message id or an unknown one."""
    message = STORED_MESSAGES.get(message_id) if message_id else None
    if message is None:
        return fallback
    if language is None:
        return message.render(params)
    with translation.override(language):
        return message.render(params)


# Evidence titles.
EVIDENCE_COURSE_COMPLETED = StoredMessage("evidence.course_completed", _("Course completed: %(course)s"))
EVIDENCE_QUIZ = StoredMessage("evidence.quiz", _("Quiz: %(page)s"))
EVIDENCE_SCENARIO = StoredMessage("evidence.scenario", _("Scenario: %(page)s · %(competency)s"))
EVIDENCE_PRACTICAL = StoredMessage("evidence.practical", _("Practical assessment: %(rubric)s"))
EVIDENCE_OBSERVATION = StoredMessage("evidence.observation", _("Behaviour observation: %(rubric)s"))
EVIDENCE_FIELD = StoredMessage("evidence.field", _("Field task reviewed: %(task)s"))
EVIDENCE_DRILL_ATTENDED = StoredMessage("evidence.drill_attended", _("Drill attended: %(drill)s at %(site)s"))
EVIDENCE_DRILL_ASSESSED = StoredMessage("evidence.drill_assessed", _("Drill role assessed: %(drill)s at %(site)s"))
EVIDENCE_FOLLOW_UP = StoredMessage(
    "evidence.follow_up",
    ngettext_lazy("Follow-up +%(m)s month: %(course)s", "Follow-up +%(m)s months: %(course)s", "m"),
)

# Learning-points reasons.
REASON_COURSE_COMPLETED = StoredMessage("points.course_completed", _("Completed %(course)s"))
REASON_QUIZ_PASSED = StoredMessage("points.quiz_passed", _("Passed %(page)s"))
REASON_LEVEL_REACHED = StoredMessage(
    "points.level_reached", _("Reached level %(level)s"), choices={"level": SkillLevel}
)
