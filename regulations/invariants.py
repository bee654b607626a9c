"""The regulation register's invariants (core.integrity; written down in docs/invariants.md): a
regulation's current version is its latest, a review item links a clause to the version that
superseded it, and a refresher rests on a revision and on the holder's certificate."""

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from certificates.models import Certificate
from core.integrity import Violation, violation
from courses.models import CourseEnrolment
from regulations.models import (
    Clause,
    Regulation,
    RegulationRefresher,
    RegulationVersion,
    ReviewItem,
    ReviewStatus,
)


def regulations_have_their_latest_version_current() -> list[Violation]:
    """A regulation with versions has exactly one current version, the last recorded."""
    invariant = "regulations.current_version"
    found = []
    regulations = Regulation.objects.annotate(
        versions_count=Count("versions"),
        current_count=Count("versions", filter=Q(versions__is_current=True)),
        latest=Max("versions__recorded_at"),
    ).filter(versions_count__gt=0)
    current = {version.regulation_id: version for version in RegulationVersion.objects.filter(is_current=True)}
    for regulation in regulations:
        version = current.get(regulation.pk)
        if regulation.current_count != 1 or version is None or version.recorded_at != regulation.latest:
            found.append(
                violation(
                    invariant,
                    Regulation,
                    regulation.pk,
                    _("The current version of this regulation is not the one recorded last."),
                    related=[(RegulationVersion, version.pk if version else None)],
                )
            )
    return found


def review_items_follow_their_version() -> list[Violation]:
    """A review item's superseded clause belongs to an earlier version of the same regulation, its
    new clause (if the clause was not removed) to the item's version and superseding the old one,
    and an open item's citation still cites the superseded clause."""
    invariant = "regulations.review_item"
    found = []
    items = ReviewItem.objects.select_related("old_clause__version", "new_clause", "version", "citation")
    for item in items.iterator(chunk_size=500):
        old_version = item.old_clause.version
        wrong = (
            old_version.regulation_id != item.version.regulation_id
            or old_version.recorded_at >= item.version.recorded_at
            or (
                item.new_clause is not None
                and (
                    item.new_clause.version_id != item.version_id or item.new_clause.supersedes_id != item.old_clause_id
                )
            )
            or (item.status == ReviewStatus.OPEN and item.citation.clause_id != item.old_clause_id)
        )
        if wrong:
            found.append(
                violation(
                    invariant,
                    ReviewItem,
                    item.pk,
                    _("This review item does not link a clause to the version that superseded it."),
                    related=[(Clause, item.old_clause_id), (Clause, item.new_clause_id)],
                )
            )
    return found


def refreshers_rest_on_a_revision() -> list[Violation]:
    """A regulation refresher follows a revised review item of its version, was assigned as the
    holder's enrolment in its course, and rests on a certificate of that holder."""
    invariant = "regulations.refresher"
    found = []
    revised_versions = set(
        ReviewItem.objects.filter(status=ReviewStatus.REVISED).values_list("version_id", flat=True).distinct()
    )
    refreshers = RegulationRefresher.objects.select_related("enrolment", "certificate")
    for refresher in refreshers.iterator(chunk_size=500):
        enrolment, certificate = refresher.enrolment, refresher.certificate
        wrong = (
            refresher.version_id not in revised_versions
            or (
                enrolment is not None
                and (enrolment.user_id, enrolment.course_id) != (refresher.user_id, refresher.course_id)
            )
            or (certificate is not None and certificate.user_id != refresher.user_id)
        )
        if wrong:
            found.append(
                violation(
                    invariant,
                    RegulationRefresher,
                    refresher.pk,
                    _("This refresher does not rest on a revision and on the holder's certificate and enrolment."),
                    related=[(CourseEnrolment, refresher.enrolment_id), (Certificate, refresher.certificate_id)],
                )
            )
    return found
