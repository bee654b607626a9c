"""The whole demo, built as `manage.py demo` builds it, tells the truth: `manage.py integrity` finds
nothing in it, on SQLite and on PostgreSQL, and its story holds — certificates only where earned,
dated when earned, levels through their gates, one promotion waiting for the manager."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from certificates.models import Certificate, LiveStatus, RenderStatus
from core.integrity import invariants_check
from courses.models import CourseEnrolment, ProgrammeAssignment
from courses.selectors import my_learning
from lms.demo import demo_build
from skills.models import FollowUp, FollowUpStatus, LevelBasis, LevelRecord, PromotionRecommendation, PromotionStatus

pytestmark = pytest.mark.django_db


def completed(username: str) -> set[str]:
    return set(
        CourseEnrolment.objects.filter(user__username=username, completed_at__isnull=False).values_list(
            "course__slug", flat=True
        )
    )


def certified(username: str) -> set[str]:
    """The courses (by slug) and "programme" this person holds certificates for."""
    rows = Certificate.objects.filter(user__username=username).values_list("rule__kind", "rule__course__slug")
    return {slug or kind for kind, slug in rows}


def assert_the_demo_tells_the_truth() -> None:
    out = io.StringIO()
    call_command("integrity", stdout=out)  # raises CommandError (exit 1) on any violation
    assert "0 violation(s)" in out.getvalue()
    assert invariants_check() == []

    # Certificates only where earned: every course certificate is a completed course.
    for username in ("trainee", "trainee2", "YG102", "YG201", "YG302", "YG401", "CH301", "CH501"):
        assert certified(username) - {"programme"} == completed(username), username
    assert not Certificate.objects.filter(user__username__in=["YG301", "CH201", "manager", "trainer"]).exists()
    assert completed("YG102") == {"culture", "law", "etiquette"}  # then stalled: overdue on the rest
    assert completed("CH501") == {"culture", "law", "etiquette", "complaints", "emergency", "practice"}
    assert ProgrammeAssignment.objects.get(user__username="CH501").completed_at is not None
    assert "programme" in certified("CH501")
    assert not Certificate.objects.exclude(status=RenderStatus.READY).exists()

    # Dated when earned: the safety certificate from eleven months ago is about to expire.
    safety = Certificate.objects.get(user__username="YG302", rule__course__slug="emergency")
    assert safety.issued_on == timezone.localdate() - dt.timedelta(days=336)
    assert safety.live_status() == LiveStatus.EXPIRING

    # Levels through their gates, approved by the manager; one promotion waits for them.
    assert list(LevelRecord.objects.filter(user__username="YG302").order_by("level").values_list("level", "basis")) == [
        (1, LevelBasis.GATE),
        (2, LevelBasis.GATE),
    ]
    assert LevelRecord.objects.get(user__username="YG201").approved_by.username == "manager"
    waiting = PromotionRecommendation.objects.get(status=PromotionStatus.PENDING)
    assert waiting.user.username == "YG102" and waiting.to_level == 1

    # The demo trainee finished day 1 and is on day 2 (and can resume there).
    learning = my_learning(user=CourseEnrolment.objects.filter(user__username="trainee").first().user)
    assert [p.assignment.programme.name for p in learning.programmes] == ["新员工入职培训"]
    assert learning.programmes[0].percent > 0
    law = CourseEnrolment.objects.get(user__username="trainee", course__slug="law")
    assert law.completed_at is None and 0 < law.progress_percent < 100

    # Follow-ups: done on time, except the ones the story leaves overdue.
    open_for_zhang = FollowUp.objects.filter(trainee__username="YG201", status=FollowUpStatus.SCHEDULED)
    assert sorted(open_for_zhang.values_list("course__slug", "months")) == [("emergency", 3), ("emergency", 6)]


def test_the_demo_built_through_the_services_breaks_no_invariant_and_builds_once():
    demo_build()
    assert_the_demo_tells_the_truth()
    counts = (Certificate.objects.count(), CourseEnrolment.objects.count(), LevelRecord.objects.count())
    demo_build()
    assert (Certificate.objects.count(), CourseEnrolment.objects.count(), LevelRecord.objects.count()) == counts


@pytest.mark.postgres
def test_the_demo_breaks_no_invariant_on_postgresql():
    demo_build()
    assert_the_demo_tells_the_truth()
