from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def rate(value) -> str:
    """A share 0–1 as a whole percentage; a share of nobody is a dash."""
    return "—" if value is None else f"{round(value * 100)}%"


@register.filter
def bar_width(value) -> str:
    """The width of a share's bar in a 0–100 SVG box (an attribute: the CSP allows no inline style)."""
    return "0" if value is None else f"{max(0.0, min(value, 1.0)) * 100:.1f}"


@register.filter
def duration(seconds) -> str:
    """A median time as minutes and seconds, or a dash when nothing was measured."""
    if seconds is None:
        return "—"
    minutes, rest = divmod(round(seconds), 60)
    if not minutes:
        return _("%(s)d s") % {"s": rest}
    return _("%(m)d min %(s)d s") % {"m": minutes, "s": rest}


@register.filter
def change_points(value) -> str:
    """A facility change as signed percentage points."""
    return f"{round(value * 100):+d}"
