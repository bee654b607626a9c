"""Listeners for the cross-app events of settings.LMS_HOOKS: every completion, quiz result and
scenario result becomes evidence; a completed course also schedules its follow-ups and credits
learning points. They run inside the emitting transaction."""

import math

from django.utils.translation import gettext as _

from skills.adapters import quiz_result_from, scenario_result_from
from skills.models import Competency, EvidenceKind
from skills.services import evidence_record, follow_ups_schedule, points_credit

POINTS_PER_COURSE_HOUR = 10
POINTS_QUIZ_PASSED = 5


def _course_of(page):
    if page is None:
        return None
    from courses.models import CoursePage

    parent = page.get_parent()
    return parent.specific if parent is not None and isinstance(parent.specific, CoursePage) else None


def on_course_completed(*, enrolment) -> None:
    course = enrolment.course
    evidence_record(
        user=enrolment.user,
        kind=EvidenceKind.COURSE,
        title=_("Course completed: %(course)s") % {"course": course.title},
        source_type="courses.CourseEnrolment",
        source_id=str(enrolment.pk),
        occurred_at=enrolment.completed_at,
        course=course,
        passed=True,
        percent=None,
    )
    points_credit(
        user=enrolment.user,
        points=max(POINTS_PER_COURSE_HOUR, math.ceil(float(course.estimated_hours or 1)) * POINTS_PER_COURSE_HOUR),
        reason=_("Completed %(course)s") % {"course": course.title},
        key=f"course:{enrolment.pk}",
    )
    follow_ups_schedule(enrolment=enrolment)


def on_quiz_attempt_graded(*, attempt) -> None:
    result = quiz_result_from(attempt)
    if result.page is None:
        return
    evidence_record(
        user=result.user,
        kind=EvidenceKind.QUIZ,
        title=_("Quiz: %(page)s") % {"page": result.page.title},
        source_type="quizzes.QuizAttempt",
        source_id=result.source_id,
        page=result.page,
        course=_course_of(result.page),
        score=result.score,
        percent=result.percent,
        passed=result.passed,
    )
    if result.passed:
        points_credit(
            user=result.user,
            points=POINTS_QUIZ_PASSED,
            reason=_("Passed %(page)s") % {"page": result.page.title},
            key=f"quiz:{result.user.pk}:{result.page.pk}",
        )


def on_scenario_run_finished(*, run) -> None:
    """One evidence entry per competency the run scored, matched by competency code."""
    result = scenario_result_from(run)
    if not result.scores:
        return
    competencies = Competency.objects.in_bulk(list(result.scores), field_name="code")
    course = _course_of(result.page)
    title = result.page.title if result.page is not None else _("Scenario")
    for code, score in result.scores.items():
        competency = competencies.get(code)
        if competency is None:
            continue
        evidence_record(
            user=result.user,
            kind=EvidenceKind.SCENARIO,
            title=_("Scenario: %(page)s · %(competency)s") % {"page": title, "competency": competency.name},
            source_type="scenarios.ScenarioRun",
            source_id=result.source_id,
            competency=competency,
            page=result.page,
            course=course,
            score=score,
            percent=result.percents.get(code),
            passed=result.passed,
            recommend=False,
        )
    from skills.services import skill_level_recommend

    skill_level_recommend(user=result.user)
