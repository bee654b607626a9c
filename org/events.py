"""Facts the org app announces (core.events). Listeners: settings.LMS_EVENT_LISTENERS."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class StaffHired:
    """A person joined the roster (HR form, roster import or the API's sync)."""

    user_id: int
    staff_profile_id: int
    post_id: int | None
    site_id: int | None
    hire_date: dt.date | None


@dataclass(frozen=True, kw_only=True)
class StaffPostChanged:
    """A person on the roster moved to another post (from `previous_post_id`) on `changed_on`."""

    user_id: int
    staff_profile_id: int
    post_id: int
    previous_post_id: int | None
    site_id: int | None
    changed_on: dt.date
