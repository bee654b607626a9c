from django import template
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
