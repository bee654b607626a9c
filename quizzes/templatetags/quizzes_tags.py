from django import template

register = template.Library()


@register.filter
def chosen(option_id, response) -> bool:
    """Whether an option id is among a saved choice response."""
    return isinstance(response, list) and option_id in response
