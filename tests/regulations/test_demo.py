import pytest

from core.integrity import invariants_check
from regulations import demo
from regulations.models import Citation, Regulation, RegulationRefresher, ReviewItem, ReviewStatus

pytestmark = pytest.mark.django_db


def test_demo_builds_the_register_once_with_one_change_waiting_for_review(home_page):
    from courses import demo as courses_demo
    from org import demo as org_demo
    from quizzes import demo as quizzes_demo

    org_demo.build()
    courses_demo.build()
    quizzes_demo.build()
    demo.build()
    counts = [Regulation.objects.count(), Citation.objects.count(), ReviewItem.objects.count()]
    demo.build()
    assert [Regulation.objects.count(), Citation.objects.count(), ReviewItem.objects.count()] == counts
    assert counts[0] == 5 and counts[1] >= 8
    # The local rule's 2026 revision changed the clause on overdue fees: its lesson and question wait.
    open_items = ReviewItem.objects.filter(status=ReviewStatus.OPEN)
    assert {item.old_clause.number for item in open_items} == {"第三十条"}
    assert {bool(item.citation.page_id) for item in open_items} == {True, False}
    assert not RegulationRefresher.objects.exists()
    assert [v for v in invariants_check() if v.invariant.startswith("regulations.")] == []
