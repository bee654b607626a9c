import functools

from django.utils.functional import SimpleLazyObject

from lms.navigation import navigation_current, navigation_for
from org.models import Role
from org.selectors import user_role


def role(request):
    """The signed-in person's role, the navigation entries it sees (lms.navigation) and the entry
    the current page belongs to (the menu names it and marks it)."""
    user = getattr(request, "user", None)
    current = user_role(user) if user is not None else None
    navigation = SimpleLazyObject(lambda: navigation_for(current))
    here = SimpleLazyObject(lambda: navigation_current(list(navigation), request.path) or ("", ""))
    return {"user_role": current, "navigation": navigation, "navigation_here": here}


def drill_attention(request):
    """For managers and HR on their dashboard: how many sites in their scope have a required drill
    overdue or due soon (drills.selectors.drills_due). The shell joins the two apps here, since the
    skills dashboard may not import drills. A callable, counted only where the template asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user_role(user) not in {Role.MANAGER, Role.HR_ADMIN}:
        return {}

    def sites_needing_a_drill() -> int:
        from drills.selectors import DueStatus, drills_due_for

        return len({row.site.pk for row in drills_due_for(viewer=user) if row.status != DueStatus.OK})

    return {"drill_sites_needing_attention": functools.cache(sites_needing_a_drill)}
