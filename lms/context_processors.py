from django.utils.functional import SimpleLazyObject

from lms.navigation import navigation_for
from org.selectors import user_role


def role(request):
    """The signed-in person's role and the navigation entries it sees (lms.navigation)."""
    user = getattr(request, "user", None)
    current = user_role(user) if user is not None else None
    return {"user_role": current, "navigation": SimpleLazyObject(lambda: navigation_for(current))}
