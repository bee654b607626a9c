from django.utils.functional import SimpleLazyObject

from lms.navigation import navigation_current, navigation_for
from org.selectors import user_role


def role(request):
    """The signed-in person's role, the navigation entries it sees (lms.navigation) and the entry
    the current page belongs to (the menu names it and marks it)."""
    user = getattr(request, "user", None)
    current = user_role(user) if user is not None else None
    navigation = SimpleLazyObject(lambda: navigation_for(current))
    here = SimpleLazyObject(lambda: navigation_current(list(navigation), request.path) or ("", ""))
    return {"user_role": current, "navigation": navigation, "navigation_here": here}
