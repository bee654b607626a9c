import functools

from notifications.selectors import unread_count


def inbox(request):
    """The bell's unread count. A callable, which templates call when they draw the bell: pages
    that do not (the Wagtail admin, JSON) never count; a page that does counts once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": functools.cache(lambda: unread_count(user=user))}
