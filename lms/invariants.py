"""Invariants that span apps which may not import each other (core.integrity; docs/invariants.md).
The project shell stands above every app, so a rule joining two feature apps' records lives here."""

from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.invariants import achievement_key_parse, valid_certificates
from certificates.models import Certificate
from core.integrity import Violation, violation
from org.models import Post
from skills.models import LevelRecord


def skill_level_certificates_have_their_level() -> list[Violation]:
    """A skill-level certificate ("skill_level:L:post:P") that is not revoked stands on a level
    record of its holder for level L in post P, granted on or before its issue date (renewals keep
    the first certificate's level). Two queries."""
    invariant = "certificates.achievement"
    certificates = [
        (row, parsed)
        for row in valid_certificates()
        if (parsed := achievement_key_parse(row[2])) is not None and parsed[0] == "skill_level"
    ]
    if not certificates:
        return []
    granted: dict[tuple[int, int, int], list] = {}
    for user_id, level, post_id, awarded_at in LevelRecord.objects.filter(
        user_id__in={row[1] for row, _parsed in certificates}
    ).values_list("user_id", "level", "post_id", "awarded_at"):
        granted.setdefault((user_id, level, post_id), []).append(awarded_at)
    found = []
    for row, (_kind, level, post_id) in certificates:
        pk, user_id, _key, _cycle, issued_on = row[:5]
        dates = sorted(timezone.localdate(at) for at in granted.get((user_id, level, post_id), []))
        if not dates:
            message = _("It certifies a skill level its holder was never granted.")
        elif dates[0] > issued_on:
            message = _("It was issued on %(issued)s, before its achievement was reached on %(done)s.") % {
                "issued": issued_on,
                "done": dates[0],
            }
        else:
            continue
        found.append(violation(invariant, Certificate, pk, message, related=[(Post, post_id)]))
    return found
