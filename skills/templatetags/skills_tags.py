"""The skills dashboard's repeated markup (person cards, matrix rows), written in Python: a page
of 25 people through the template engine's per-node machinery cost more than every query of the
page together. The markup is the same the template wrote; every value is escaped by format_html
and the texts are the template's own messages."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

register = template.Library()

# A cell holds only its level (0–4), so its markup is one of five fixed strings.
CELLS = {level: f'<td class="cell lvl-{level}">{level or ""}</td>' for level in range(5)}
GAPS_SHOWN = 3
OVERDUE_SHOWN = 3


@register.simple_tag
def matrix_cells(cells) -> str:
    """The coloured cells of one matrix row, built in one call."""
    # Fixed markup chosen by an integer level: nothing from users reaches it.
    return mark_safe("".join(CELLS[cell.level] for cell in cells))  # noqa: S308  # nosec B308 B703


def _ready_badge() -> SafeString:
    return format_html(' <span class="badge done">{}</span>', pgettext("promotion", "Ready"))


def _or_blank(value) -> str:
    return "" if value is None else str(value)


def _level_progress(level) -> SafeString:
    """'→ next level, m of n criteria met' and the ready badge, as on the card."""
    if not level.next_level:
        return SafeString()
    met = gettext("%(met)s of %(total)s criteria met") % {"met": len(level.met), "total": len(level.criteria)}
    ready = _ready_badge() if level.ready else ""
    return format_html('→ {} <span class="muted">{}</span>{}', level.next_label, met, ready)


def _gaps(gaps) -> SafeString:
    if not gaps:
        return SafeString()
    items = format_html_join(
        "",
        '<li class="{}">{}{}</li>',
        (
            (
                "awaiting" if c.awaiting_sign_off else "missing",
                c.description,
                format_html(' <span class="muted">({})</span>', c.detail) if c.detail else "",
            )
            for c in gaps[:GAPS_SHOWN]
        ),
    )
    more = ""
    if len(gaps) > GAPS_SHOWN:
        n = len(gaps) - GAPS_SHOWN
        more = format_html('<li class="more muted">{}</li>', ngettext("and %(n)s more", "and %(n)s more", n) % {"n": n})
    return format_html(
        '<p class="gaps-heading">{}</p>\n          <ul class="criteria">{}\n            {}</ul>',
        gettext("Still needed for the next level"),
        items,
        more,
    )


def _overdue(titles: list[str]) -> SafeString:
    if not titles:
        return format_html('<p class="muted">{}</p>', gettext("Nothing overdue."))
    n = len(titles)
    return format_html(
        '<p class="overdue-items"><span class="badge overdue">{}</span>\n          {}{}</p>',
        ngettext("%(n)s overdue", "%(n)s overdue", n) % {"n": n},
        "、".join(titles[:OVERDUE_SHOWN]),
        "…" if n > OVERDUE_SHOWN else "",
    )


@register.simple_tag
def person_cards(cards) -> str:
    """The dashboard's person cards (one <li> each), or the line saying nobody matches."""
    if not cards:
        return format_html('<li class="card muted">{}</li>', gettext("Nobody matches these filters."))
    return format_html_join(
        "",
        '\n      <li class="card person-card" data-person="{}">\n'
        '        <a class="person-name" href="{}">{}</a>\n'
        '        <span class="muted">{} · {}</span>\n'
        '        <p class="person-level"><span class="badge level">{}</span>\n'
        "          {}</p>\n"
        "        {}\n"
        "        {}\n"
        "      </li>",
        (
            (
                card.profile.name,
                reverse("skills:person", args=[card.profile.user_id]),
                card.profile.name,
                _or_blank(card.profile.site),
                _or_blank(card.profile.post),
                card.level.current_label,
                _level_progress(card.level),
                _gaps(card.gaps),
                _overdue(card.overdue),
            )
            for card in cards
        ),
    )


@register.simple_tag
def matrix_rows(rows) -> str:
    """The skill matrix's body rows: name, level, criteria met and the coloured cells."""
    if not rows:
        return format_html('<tr><td colspan="3">{}</td></tr>', gettext("Nobody matches these filters."))
    ready = _ready_badge()
    return format_html_join(
        "",
        "<tr>\n"
        '        <th class="sticky"><a href="{}">{}</a><br><span class="muted">{}</span></th>\n'
        "        <td>{}</td>\n"
        "        <td>{}</td>\n"
        "        {}\n"
        "      </tr>",
        (
            (
                reverse("skills:person", args=[row.profile.user_id]),
                row.profile.name,
                _or_blank(row.profile.post),
                row.level.current_label,
                format_html("{}/{}{}", len(row.level.met), len(row.level.criteria), ready if row.level.ready else "")
                if row.level.next_level
                else "",
                matrix_cells(row.cells),
            )
            for row in rows
        ),
    )
