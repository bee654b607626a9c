from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def lookup(mapping, key):
    """mapping[key] or None, for the id → image/document maps of the player."""
    return (mapping or {}).get(key)


@register.filter
def bound(value):
    """A score bound for display. A loop that can raise (or lower) a score without limit has no
    bound: said in words (不设上限 / 不设下限), not as +∞, which reads as a score to reach."""
    if value is None:
        return "—"
    if value == float("inf"):
        return gettext("no upper limit")
    if value == float("-inf"):
        return gettext("no lower limit")
    return int(value) if value == int(value) else value


def _lines(text: str) -> str:
    return linebreaksbr(text, autoescape=True)


def _bubble(bubble) -> SafeString:
    if not bubble.mine:
        speaker = format_html('<span class="speaker">{}</span>', bubble.speaker) if bubble.speaker else ""
        return format_html('<div class="bubble them">{}<p>{}</p></div>', speaker, _lines(bubble.text))
    if bubble.timed_out:
        said = format_html("<p>⏱ {}</p>", gettext("No answer in time"))
    else:
        said = format_html("<p>{}</p>", _lines(bubble.text))
    feedback = ""
    if bubble.feedback:
        feedback = format_html(
            '<div class="feedback"><span class="muted">{}</span> {}</div>',
            gettext("Feedback:"),
            _lines(bubble.feedback),
        )
    timed_out = " timed-out" if bubble.timed_out else ""
    return format_html('<div class="bubble mine{}">{}</div>{}', timed_out, said, feedback)


@register.simple_tag
def transcript(bubbles) -> SafeString:
    """The conversation so far, one bubble after another, written in Python: an include per
    bubble cost the player page more than its queries. Every value is escaped by format_html
    (and linebreaksbr), and the texts are the template's own messages."""
    return format_html_join("", "{}", ((_bubble(bubble),) for bubble in bubbles))
