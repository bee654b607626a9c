"""The bell in every page's header, drawn in Python: it is on every signed-in page, and an include
with a counted {% blocktrans %} cost more than the rest of the header together."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

register = template.Library()

# A constant: no outside text.
BELL_ICON = mark_safe(  # noqa: S308  # nosec B308 B703
    '<svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 '
    "0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
    '"/></svg>'
)


@register.simple_tag(takes_context=True)
def notification_bell(context) -> str:
    """The link to the inbox, labelled with the unread count (notifications.context_processors),
    and the count itself when there is one (99+ above 99)."""
    count = context.get("unread_notifications")
    count = (count() if callable(count) else count) or 0
    label = ngettext("Notifications: %(counter)s unread", "Notifications: %(counter)s unread", count) % {
        "counter": count
    }
    badge = format_html('<span class="bell-count">{}</span>', "99+" if count > 99 else count) if count else ""
    return format_html(
        '<a class="bell" href="{}" aria-label="{}">{}{}</a>', reverse("notifications:inbox"), label, BELL_ICON, badge
    )
