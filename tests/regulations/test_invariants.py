"""regulations.invariants: a current version that is not the latest, a review item linking the
wrong clauses, an open item whose citation moved and a refresher with no revision behind it are
each planted with a raw update and reported with their row; records made through the services
report nothing."""

import datetime as dt

import pytest

from regulations import invariants
from regulations.models import Citation, RegulationRefresher, RegulationVersion, ReviewItem
from regulations.services import citation_create, regulation_version_record
from tests.factories.courses import CoursePageFactory
from tests.factories.org import StaffProfileFactory
from tests.factories.quizzes import QuestionFactory
from tests.regulations.conftest import fee_clauses

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(register):
    citation_create(clause=register.fee_clause, question=QuestionFactory(), actor=None)
    recorded = regulation_version_record(
        regulation=register.regulation,
        label="2025",
        effective_on=dt.date(2026, 1, 1),
        summary="",
        clauses=fee_clauses("逾期须先书面催告。"),
        actor=None,
    )
    return recorded


def _all():
    return (
        invariants.regulations_have_their_latest_version_current()
        + invariants.review_items_follow_their_version()
        + invariants.refreshers_rest_on_a_revision()
    )


def test_records_made_through_the_services_break_nothing(flagged):
    assert _all() == []


def test_an_old_version_marked_current_is_reported(flagged, register):
    RegulationVersion.objects.filter(pk=flagged.version.pk).update(is_current=False)
    RegulationVersion.objects.filter(pk=register.version.pk).update(is_current=True)
    found = invariants.regulations_have_their_latest_version_current()
    assert [v.invariant for v in found] == ["regulations.current_version"]


def test_an_open_item_whose_citation_moved_is_reported(flagged):
    item = flagged.flagged[0]
    Citation.objects.filter(pk=item.citation_id).update(clause=item.new_clause)
    found = invariants.review_items_follow_their_version()
    assert [(v.invariant, str(v.row.pk)) for v in found] == [("regulations.review_item", str(item.pk))]


def test_an_item_pointing_at_a_clause_of_the_wrong_version_is_reported(flagged, register):
    item = flagged.flagged[0]
    ReviewItem.objects.filter(pk=item.pk).update(new_clause=register.repair_clause)
    assert [v.invariant for v in invariants.review_items_follow_their_version()] == ["regulations.review_item"]


def test_a_refresher_without_a_revision_is_reported(flagged, catalog):
    refresher = RegulationRefresher.objects.create(
        version=flagged.version, course=CoursePageFactory(parent=catalog), user=StaffProfileFactory().user
    )
    found = invariants.refreshers_rest_on_a_revision()
    assert [(v.invariant, str(v.row.pk)) for v in found] == [("regulations.refresher", str(refresher.pk))]
