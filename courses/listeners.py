"""The courses app's listeners of other apps' events (settings.LMS_EVENT_LISTENERS)."""

from django.contrib.auth import get_user_model

from courses.services import programmes_auto_assign
from org.events import StaffHired, StaffPostChanged


def on_staff_hired(event: StaffHired) -> None:
    """A new person gets every active programme of their post, due from their hire date."""
    user = get_user_model().objects.get(pk=event.user_id)
    programmes_auto_assign(user=user, post_id=event.post_id, hire_date=event.hire_date)


def on_staff_post_changed(event: StaffPostChanged) -> None:
    """A person who moves post gets the new post's programmes, due from the day of the move
    (programmes they already hold are left as they are)."""
    user = get_user_model().objects.get(pk=event.user_id)
    programmes_auto_assign(user=user, post_id=event.post_id, hire_date=event.changed_on)
