from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# A cell holds only its level (0–4), so its markup is one of five fixed strings.
CELLS = {level: f'<td class="cell lvl-{level}">{level or ""}</td>' for level in range(5)}


@register.simple_tag
def matrix_cells(cells) -> str:
    """The coloured cells of one matrix row, built in one call: a thousand cells through the
    template engine's per-node machinery cost more than every query of the page together."""
    # Fixed markup chosen by an integer level: nothing from users reaches it.
    return mark_safe("".join(CELLS[cell.level] for cell in cells))  # noqa: S308  # nosec B308 B703
