"""The little language of certificate templates: a title and a body in a few HTML tags, with
placeholders such as {name}. Templates are checked when a trainer saves them, so an unknown
placeholder or broken markup is refused with an error that names it instead of failing at print.

Placeholders are replaced with a regular expression, never with str.format: format strings allow
attribute access ({name.__class__}) which must not be reachable from a template a trainer writes."""

import html
import re
from html.parser import HTMLParser

from django.utils.translation import gettext_lazy as _

PLACEHOLDERS: dict[str, str] = {
    "name": _("Holder's full name"),
    "employee_number": _("Holder's employee number"),
    "achievement": _("Course, programme or skill level achieved"),
    "date": _("Date of issue"),
    "expiry": _("Expiry date (empty when it does not expire)"),
    "score": _("Score, when the achievement has one"),
    "site": _("Holder's site"),
    "post": _("Holder's post"),
    "signatory": _("Name of the person signing"),
    "code": _("Verification code"),
}

# Tags a body may use. No attributes but class: nothing in a template may load a remote resource.
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "span", "small", "h2", "h3", "div"}
VOID_TAGS = {"br"}
ALLOWED_ATTRIBUTES = {"class"}

PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


class TemplateTextError(ValueError):
    """A template text that cannot be printed; the message names the offending part."""


class _MarkupChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.errors.append(str(_("The tag <%(tag)s> is not allowed.") % {"tag": tag}))
            return
        for name, _value in attrs:
            if name not in ALLOWED_ATTRIBUTES:
                self.errors.append(
                    str(_("The attribute %(attr)s on <%(tag)s> is not allowed.") % {"attr": name, "tag": tag})
                )
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.errors.append(str(_("The tag <%(tag)s> is not allowed.") % {"tag": tag}))

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if not self.stack:
            self.errors.append(str(_("The closing tag </%(tag)s> has no opening tag.") % {"tag": tag}))
            return
        if self.stack[-1] != tag:
            self.errors.append(
                str(
                    _("The closing tag </%(tag)s> does not match the open tag <%(open)s>.")
                    % {"tag": tag, "open": self.stack[-1]}
                )
            )
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def template_text_errors(text: str) -> list[str]:
    """Every problem in a template text, as messages a trainer can act on (empty when valid)."""
    errors: list[str] = []
    for match in PLACEHOLDER_RE.finditer(text):
        name = match.group(1).strip()
        if name not in PLACEHOLDERS:
            errors.append(
                str(
                    _("Unknown placeholder {%(name)s}. Known placeholders: %(known)s.")
                    % {"name": name, "known": ", ".join(f"{{{key}}}" for key in PLACEHOLDERS)}
                )
            )
    leftover = PLACEHOLDER_RE.sub("", text)
    if "{" in leftover or "}" in leftover:
        errors.append(str(_("A brace { or } is not part of a placeholder; write placeholders as {name}.")))
    checker = _MarkupChecker()
    checker.feed(text)
    checker.close()
    errors.extend(checker.errors)
    if checker.stack:
        errors.append(str(_("The tag <%(tag)s> is never closed.") % {"tag": checker.stack[-1]}))
    return errors


def template_text_fill(text: str, values: dict[str, str]) -> str:
    """Replace each placeholder with its value, HTML-escaped. Raises TemplateTextError for a
    placeholder without a value (a template that slipped past validation)."""

    def replace(match: re.Match) -> str:
        name = match.group(1).strip()
        if name not in values:
            raise TemplateTextError(f"Unknown placeholder {{{name}}}")
        return html.escape(str(values[name]))

    return PLACEHOLDER_RE.sub(replace, text)
