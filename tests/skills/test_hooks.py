"""Evidence intake from the other apps' events. Quiz attempts and scenario runs are read through
an adapter, so plain objects stand in for the models being built in parallel."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine

from courses.services import lesson_mark_done
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


def test_graded_quiz_attempt_becomes_evidence_and_a_regrade_supersedes_it(catalog):
    from skills.hooks import on_quiz_attempt_graded

    trainee = StaffProfileFactory()
    quiz_page = LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    attempt = SimpleNamespace(pk=41, user=trainee.user, quiz=quiz_page, score=Decimal("18"), max_score=20, passed=True)
    on_quiz_attempt_graded(attempt=attempt)
    attempt.score = Decimal("12")
    attempt.passed = False
    on_quiz_attempt_graded(attempt=attempt)

    entries = list(Evidence.objects.filter(user=trainee.user).order_by("pk"))
    assert [e.percent for e in entries] == [Decimal("90.00"), Decimal("60.00")]
    assert entries[1].supersedes_id == entries[0].pk
    assert list(Evidence.objects.active()) == [entries[1]]
    assert entries[1].course_id == quiz_page.get_parent().pk


def test_scenario_run_gives_one_entry_per_known_competency_code(catalog):
    from skills.hooks import on_scenario_run_finished

    listen, empathize = CompetencyFactory(code="listen"), CompetencyFactory(code="empathize")
    trainee = StaffProfileFactory()
    page = LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    run = SimpleNamespace(
        pk=5,
        user=trainee.user,
        page=page,
        passed=True,
        competency_scores={"listen": 4, "empathize": "3.5", "unknown": 1},
    )
    on_scenario_run_finished(run=run)
    scores = dict(Evidence.objects.filter(kind=EvidenceKind.SCENARIO).values_list("competency__code", "score"))
    assert scores == {listen.code: Decimal("4.00"), empathize.code: Decimal("3.50")}


def test_scenario_run_without_scores_logs_nothing():
    from skills.hooks import on_scenario_run_finished

    on_scenario_run_finished(run=SimpleNamespace(pk=1, user=StaffProfileFactory().user, page=None, scores=None))
    assert not Evidence.objects.exists()


def test_scenario_points_get_a_percentage_only_when_the_run_states_its_maxima():
    from skills.adapters import scenario_result_from

    run = SimpleNamespace(pk=1, user=None, page=None, scores={"listen": 6}, passed=True)
    assert scenario_result_from(run).percents == {}
    run.max_scores = {"listen": 8}
    assert scenario_result_from(run).percents == {"listen": Decimal("75.00")}
