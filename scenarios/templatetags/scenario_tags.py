from django import template

register = template.Library()


@register.simple_tag
def lookup(mapping, key):
    """mapping[key] or None, for the id → image/document maps of the player."""
    return (mapping or {}).get(key)


@register.filter
def bound(value):
    """A score bound for display: ∞ for a loop without limit."""
    if value in (float("inf"), float("-inf")):
        return "+∞" if value > 0 else "−∞"
    return int(value) if value == int(value) else value
