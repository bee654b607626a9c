import pytest

from skills import demo
from skills.models import Competency, LevelCriterion, LevelLadder, Rubric

pytestmark = pytest.mark.django_db


def test_demo_builds_the_framework_ladders_and_rubrics_once(home_page):
    """The skills demo is content only; the staff's evidence, assessments and levels are their
    history (tests/lms/test_demo_integrity.py)."""
    from courses import demo as courses_demo
    from org import demo as org_demo

    org_demo.build()
    courses_demo.build()
    demo.build()
    counts = [m.objects.count() for m in (Competency, LevelLadder, LevelCriterion, Rubric)]
    demo.build()
    assert [m.objects.count() for m in (Competency, LevelLadder, LevelCriterion, Rubric)] == counts
    assert all(counts)
    assert LevelCriterion.objects.filter(ladder__post__code="kefu", level=1, kind="practical").exists()
