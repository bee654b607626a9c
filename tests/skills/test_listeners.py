"""Evidence intake from the other apps' typed events (skills.listeners)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from courses.services import lesson_mark_done
from quizzes.events import QuizAttemptGraded
from scenarios.events import ScenarioRunFinished
from skills.listeners import on_quiz_attempt_graded, on_scenario_run_finished
from skills.models import Evidence, EvidenceKind, FollowUp, LearningPointEntry
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import ManagerFactory, StaffProfileFactory
from tests.factories.skills import CompetencyFactory

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 1, 31, 10, 0, tzinfo=dt.UTC), tick=False)
def test_completing_a_course_logs_evidence_points_and_follow_ups_for_the_manager(catalog):
    manager = ManagerFactory()
    trainee = StaffProfileFactory(site=manager.site, manager=manager)
    course = CoursePageFactory(parent=catalog, follow_up_months="1,3,6", estimated_hours=Decimal("2"))
    lesson_mark_done(user=trainee.user, lesson=LessonPageFactory(parent=course))

    evidence = Evidence.objects.get(user=trainee.user)
    assert (evidence.kind, evidence.course_id, evidence.source_type) == (
        EvidenceKind.COURSE,
        course.pk,
        "courses.CourseEnrolment",
    )
    assert LearningPointEntry.objects.get(user=trainee.user).points == 20
    follow_ups = list(FollowUp.objects.filter(trainee=trainee.user).order_by("months"))
    assert [(f.months, f.due_date) for f in follow_ups] == [
        (1, dt.date(2026, 2, 28)),
        (3, dt.date(2026, 4, 30)),
        (6, dt.date(2026, 7, 31)),
    ]
    assert {f.assignee_id for f in follow_ups} == {manager.pk}


def test_follow_ups_follow_the_course_setting_and_fall_back_to_the_site_manager(catalog):
    site_manager = ManagerFactory()
    trainee = StaffProfileFactory(site=site_manager.site, manager=None)
    course = CoursePageFactory(parent=catalog, follow_up_months="2")
    lesson_mark_done(user=trainee.user, lesson=LessonPageFactory(parent=course))
    follow_up = FollowUp.objects.get(trainee=trainee.user)
    assert follow_up.months == 2 and follow_up.assignee == site_manager


def test_scheduling_twice_creates_nothing_new(catalog):
    from courses.models import CourseEnrolment
    from skills.services import follow_ups_schedule

    trainee = StaffProfileFactory()
    course = CoursePageFactory(parent=catalog)
    lesson_mark_done(user=trainee.user, lesson=LessonPageFactory(parent=course))
    follow_ups_schedule(enrolment=CourseEnrolment.objects.get(user=trainee.user))
    assert FollowUp.objects.count() == 3


def graded(*, quiz_page, user, percent: str, passed: bool) -> QuizAttemptGraded:
    return QuizAttemptGraded(
        attempt_id=41,
        user_id=user.pk,
        quiz_id=quiz_page.pk,
        quiz_title=quiz_page.title,
        course_id=quiz_page.get_parent().pk,
        score=Decimal(percent) / 5,
        max_score=Decimal("20"),
        percent=Decimal(percent),
        passed=passed,
        graded_at=timezone.now(),
    )


def test_graded_quiz_attempt_becomes_evidence_and_a_regrade_supersedes_it(catalog):
    trainee = StaffProfileFactory()
    quiz_page = LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    on_quiz_attempt_graded(graded(quiz_page=quiz_page, user=trainee.user, percent="90.00", passed=True))
    on_quiz_attempt_graded(graded(quiz_page=quiz_page, user=trainee.user, percent="60.00", passed=False))

    entries = list(Evidence.objects.filter(user=trainee.user).order_by("pk"))
    assert [e.percent for e in entries] == [Decimal("90.00"), Decimal("60.00")]
    assert entries[1].supersedes_id == entries[0].pk
    assert list(Evidence.objects.active()) == [entries[1]]
    assert entries[1].course_id == quiz_page.get_parent().pk


def finished(*, page, user, scores: dict, percents: dict | None = None) -> ScenarioRunFinished:
    return ScenarioRunFinished(
        run_id=5,
        user_id=user.pk,
        scenario_id=page.pk,
        scenario_title=page.title,
        course_id=page.get_parent().pk,
        passed=True,
        finished_at=timezone.now(),
        competency_scores={code: Decimal(str(value)) for code, value in scores.items()},
        competency_percents=percents or {},
    )


def test_scenario_run_gives_one_entry_per_known_competency_code(catalog):
    listen, empathize = CompetencyFactory(code="listen"), CompetencyFactory(code="empathize")
    trainee = StaffProfileFactory()
    page = LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    event = finished(
        page=page,
        user=trainee.user,
        scores={"listen": 4, "empathize": "3.5", "unknown": 1},
        percents={"listen": Decimal("50.00")},
    )
    on_scenario_run_finished(event)
    rows = Evidence.objects.filter(kind=EvidenceKind.SCENARIO).values_list("competency__code", "score", "percent")
    assert {code: (score, percent) for code, score, percent in rows} == {
        listen.code: (Decimal("4.00"), Decimal("50.00")),
        empathize.code: (Decimal("3.50"), None),
    }


def test_scenario_run_without_scores_logs_nothing(catalog):
    page = LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    on_scenario_run_finished(finished(page=page, user=StaffProfileFactory().user, scores={}))
    assert not Evidence.objects.exists()
