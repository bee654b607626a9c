"""The certificates app's invariants (core.integrity; written down in docs/invariants.md): a valid
certificate stands on the achievement it names, reached on or before its issue date, and a reminder
counted as sent reached someone. Skill-level certificates rest on the skills app's level history,
which this app may not import: the project shell checks them (lms.invariants)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certificates.models import Certificate, CertificateReminder, ReminderStatus
from core.integrity import Violation, violation
from courses.models import CourseEnrolment, CoursePage, Programme, ProgrammeAssignment


def achievement_key_parse(key: str) -> tuple[str, int, int | None] | None:
    """("course", 12, None), ("programme", 3, None) or ("skill_level", 2, 5) for post 5; None
    when the key has none of the shapes certificates are issued with."""
    parts = key.split(":")
    try:
        if len(parts) == 2 and parts[0] in ("course", "programme"):
            return parts[0], int(parts[1]), None
        if len(parts) == 4 and parts[0] == "skill_level" and parts[2] == "post":
            return "skill_level", int(parts[1]), int(parts[3])
    except ValueError:
        return None
    return None


def valid_certificates() -> list[tuple]:
    """Every certificate not revoked, as (pk, user id, achievement key, cycle, issued on, renews
    id), with the certificate it renews as (user id, key, cycle) looked up alongside. One query."""
    return list(
        Certificate.objects.filter(revoked_at__isnull=True)
        .values_list(
            "pk",
            "user_id",
            "achievement_key",
            "cycle",
            "issued_on",
            "renewed_from_id",
            "renewed_from__user_id",
            "renewed_from__achievement_key",
            "renewed_from__cycle",
        )
        .order_by("pk")
    )


def renewal_problem(row: tuple) -> str | None:
    """A certificate of cycle 2 or later renews the one before it, of the same holder and
    achievement; the first cycle renews nothing."""
    _pk, user_id, key, cycle, _issued_on, renews_id, renews_user, renews_key, renews_cycle = row
    if cycle == 1:
        return _("It is a first certificate, yet it renews another one.") if renews_id else None
    if renews_id is None or (renews_user, renews_key, renews_cycle) != (user_id, key, cycle - 1):
        return _("It is renewal number %(cycle)s, but it does not renew the holder's previous certificate.") % {
            "cycle": cycle
        }
    return None


def certificates_have_their_achievement() -> list[Violation]:
    """A certificate that is not revoked names an achievement its holder reached on or before its
    issue date: for "course:N" a completed enrolment in course N, for "programme:N" a completed
    assignment of programme N (completion dates in the site's time zone). A renewal (cycle 2 and
    later) renews its holder's previous certificate of the same achievement; the achievement
    itself is the first certificate's. Two queries for the achievements, one for the certificates.
    Skill-level certificates: lms.invariants."""
    invariant = "certificates.achievement"
    certificates = valid_certificates()
    parsed = {row[0]: achievement_key_parse(row[2]) for row in certificates}
    course_ids = {p[1] for p in parsed.values() if p and p[0] == "course"}
    programme_ids = {p[1] for p in parsed.values() if p and p[0] == "programme"}
    holders = {row[1] for row in certificates}
    # The first completion of each course per holder (a refresher's later cycle does not move it).
    courses_done: dict[tuple[int, int], dt.datetime] = {}
    for user_id, course_id, completed_at in CourseEnrolment.objects.filter(
        course_id__in=course_ids, completed_at__isnull=False
    ).values_list("user_id", "course_id", "completed_at"):
        key = (user_id, course_id)
        if user_id in holders and (key not in courses_done or completed_at < courses_done[key]):
            courses_done[key] = completed_at
    programmes_done = {
        (user_id, programme_id): completed_at
        for user_id, programme_id, completed_at in ProgrammeAssignment.objects.filter(
            programme_id__in=programme_ids, completed_at__isnull=False
        ).values_list("user_id", "programme_id", "completed_at")
        if user_id in holders
    }
    found = []
    for row in certificates:
        pk, user_id, key, _cycle, issued_on = row[:5]
        achievement = parsed[pk]
        renewal = renewal_problem(row)
        if renewal:
            found.append(violation(invariant, Certificate, pk, renewal, related=[(Certificate, row[5])]))
        if achievement is None:
            found.append(
                violation(
                    invariant,
                    Certificate,
                    pk,
                    _("Its achievement “%(key)s” is not one the platform knows.") % {"key": key},
                )
            )
            continue
        kind, target, _post = achievement
        if kind == "skill_level":
            continue
        done = (courses_done if kind == "course" else programmes_done).get((user_id, target))
        model = CoursePage if kind == "course" else Programme
        if done is None:
            message = (
                _("It certifies a course its holder has not completed.")
                if kind == "course"
                else _("It certifies a programme its holder has not completed.")
            )
        elif timezone.localdate(done) > issued_on:
            message = _("It was issued on %(issued)s, before its achievement was reached on %(done)s.") % {
                "issued": issued_on,
                "done": timezone.localdate(done),
            }
        else:
            continue
        found.append(violation(invariant, Certificate, pk, message, related=[(model, target)]))
    return found


def reminders_reached_someone() -> list[Violation]:
    """An expiry reminder counted as sent went to at least one recipient, at a recorded time (also
    a database constraint; checked here for data from before it or loaded around it). One query."""
    return [
        violation(
            "certificates.reminder_channel",
            CertificateReminder,
            pk,
            ngettext(
                "The reminder %(days)s day before expiry is recorded as sent, but it reached nobody.",
                "The reminder %(days)s days before expiry is recorded as sent, but it reached nobody.",
                days,
            )
            % {"days": days},
            related=[(Certificate, certificate_id)],
        )
        for pk, days, certificate_id in CertificateReminder.objects.filter(status=ReminderStatus.SENT)
        .exclude(recipients__gt=0, sent_at__isnull=False)
        .values_list("pk", "days_before", "certificate_id")
        .order_by("pk")
    ]
