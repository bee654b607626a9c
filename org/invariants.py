"""The org app's invariants (core.integrity; written down in docs/invariants.md): a person's times
in a post (PostTenure) form one line without overlaps, and the stretch still open is the post
their profile holds now. The 学时 targets are pro-rated by these days, so a gap in the rule would
count a day twice or against the wrong post."""

from django.utils.translation import gettext as _

from core.integrity import Violation, violation
from org.models import Post, PostTenure, StaffProfile


def post_tenures_do_not_overlap() -> list[Violation]:
    """No day of a person's is in two of their tenures, and at most one tenure of theirs is open
    (no end date; also a database constraint, checked here for data loaded around it). In order
    of start, each tenure begins after every earlier one of the person has ended. One query."""
    invariant = "org.post_tenure_overlap"
    rows = PostTenure.objects.order_by("profile_id", "started_on", "pk").values_list(
        "pk", "profile_id", "started_on", "ended_on"
    )
    found = []
    open_seen: set[int] = set()
    person = None
    reach = None  # (pk, ended_on) of the person's earlier tenure that ends last (None: still open)
    for pk, profile_id, started_on, ended_on in rows.iterator(chunk_size=5000):
        twice_open = ended_on is None and profile_id in open_seen
        if profile_id != person:
            person, reach = profile_id, None
        elif twice_open:
            found.append(
                violation(
                    invariant,
                    PostTenure,
                    pk,
                    _("It is open while another time in a post of the same person is open too."),
                    related=[(PostTenure, reach[0]), (StaffProfile, profile_id)],
                )
            )
        elif reach[1] is None or reach[1] >= started_on:
            found.append(
                violation(
                    invariant,
                    PostTenure,
                    pk,
                    _("It starts on %(start)s, before the person's earlier time in a post has ended.")
                    % {"start": started_on},
                    related=[(PostTenure, reach[0]), (StaffProfile, profile_id)],
                )
            )
        if ended_on is None:
            open_seen.add(profile_id)
        if reach is None or ended_on is None or (reach[1] is not None and ended_on > reach[1]):
            reach = (pk, ended_on)
    return found


def open_post_tenures_match_the_current_post() -> list[Violation]:
    """A person's open tenure is in the post their profile holds now (a profile whose post was
    cleared keeps no open tenure). One query."""
    invariant = "org.post_tenure_current"
    rows = PostTenure.objects.filter(ended_on__isnull=True).values_list(
        "pk", "profile_id", "post_id", "profile__post_id"
    )
    found = []
    for pk, profile_id, post_id, current_post_id in rows.order_by("pk").iterator(chunk_size=5000):
        if post_id == current_post_id:
            continue
        message = (
            _("It is open in a post, but the person holds no post now.")
            if current_post_id is None
            else _("It is open in another post than the one the person holds now.")
        )
        found.append(
            violation(
                invariant,
                PostTenure,
                pk,
                message,
                related=[(StaffProfile, profile_id), (Post, post_id), (Post, current_post_id)],
            )
        )
    return found
