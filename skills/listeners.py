"""The skills app's listeners of other apps' events (settings.LMS_EVENT_LISTENERS): every
completion, quiz result and scenario result becomes evidence; a completed course also schedules
its follow-ups and credits learning points; HR's export and erasure of a person's data reach the
skills records. They run inside the announcing transaction."""

import math
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.models import Page

from core.cache import person_records_changed
from core.personal_data import PersonalDataErased, PersonalDataExportRequested
from courses.events import CourseCompleted
from courses.models import CourseEnrolment, CoursePage
from drills.events import DrillAttended, DrillRole, DrillRoleAssessed
from fieldwork.events import FieldRecordReviewed
from quizzes.events import QuizAttemptGraded
from scenarios.events import ScenarioRunFinished
from skills.messages import (
    EVIDENCE_COURSE_COMPLETED,
    EVIDENCE_DRILL_ASSESSED,
    EVIDENCE_DRILL_ATTENDED,
    EVIDENCE_FIELD,
    EVIDENCE_QUIZ,
    EVIDENCE_SCENARIO,
    REASON_COURSE_COMPLETED,
    REASON_QUIZ_PASSED,
)
from skills.models import Competency, EvidenceKind
from skills.services import evidence_record, follow_ups_schedule, points_credit
from skills.services.personal_data import skills_personal_data, skills_personal_data_erase

POINTS_PER_COURSE_HOUR = 10
POINTS_QUIZ_PASSED = 5


def on_course_completed(event: CourseCompleted) -> None:
    enrolment = CourseEnrolment.objects.select_related("user", "course").get(pk=event.enrolment_id)
    # The completion was a conditional update(), which sends no signal: my skills asks for a rating.
    person_records_changed(user_ids=[event.user_id])
    course = enrolment.course
    evidence_record(
        user=enrolment.user,
        kind=EvidenceKind.COURSE,
        title=EVIDENCE_COURSE_COMPLETED,
        title_params={"course": course.title},
        source_type="courses.CourseEnrolment",
        source_id=str(enrolment.pk),
        occurred_at=event.completed_at,
        course=course,
        passed=True,
        percent=None,
    )
    points_credit(
        user=enrolment.user,
        points=max(POINTS_PER_COURSE_HOUR, math.ceil(float(course.estimated_hours or 1)) * POINTS_PER_COURSE_HOUR),
        reason=REASON_COURSE_COMPLETED,
        reason_params={"course": course.title},
        key=f"course:{enrolment.pk}",
    )
    follow_ups_schedule(enrolment=enrolment)


def on_quiz_attempt_graded(event: QuizAttemptGraded) -> None:
    user = get_user_model().objects.get(pk=event.user_id)
    evidence_record(
        user=user,
        kind=EvidenceKind.QUIZ,
        title=EVIDENCE_QUIZ,
        title_params={"page": event.quiz_title},
        source_type="quizzes.QuizAttempt",
        source_id=str(event.attempt_id),
        occurred_at=event.graded_at,
        page=Page(pk=event.quiz_id),
        course=CoursePage(pk=event.course_id) if event.course_id else None,
        score=event.score,
        percent=event.percent,
        passed=event.passed,
    )
    if event.passed:
        points_credit(
            user=user,
            points=POINTS_QUIZ_PASSED,
            reason=REASON_QUIZ_PASSED,
            reason_params={"page": event.quiz_title},
            key=f"quiz:{event.user_id}:{event.quiz_id}",
        )


def on_scenario_run_finished(event: ScenarioRunFinished) -> None:
    """One evidence entry per competency the run scored, matched by competency code."""
    if not event.competency_scores:
        return
    user = get_user_model().objects.get(pk=event.user_id)
    competencies = Competency.objects.in_bulk(list(event.competency_scores), field_name="code")
    for code, score in event.competency_scores.items():
        competency = competencies.get(code)
        if competency is None:
            continue
        evidence_record(
            user=user,
            kind=EvidenceKind.SCENARIO,
            title=EVIDENCE_SCENARIO,
            title_params={"page": event.scenario_title, "competency": competency.name},
            source_type="scenarios.ScenarioRun",
            source_id=str(event.run_id),
            occurred_at=event.finished_at,
            competency=competency,
            page=Page(pk=event.scenario_id),
            course=CoursePage(pk=event.course_id) if event.course_id else None,
            score=score,
            percent=event.competency_percents.get(code),
            passed=event.passed,
            recommend=False,
        )
    from skills.services import skill_level_recommend

    skill_level_recommend(user=user)


def on_drill_attended(event: DrillAttended) -> None:
    """Taking part in a drill is evidence for the competency its type shows (none when the
    company's framework has no such code)."""
    user = get_user_model().objects.get(pk=event.user_id)
    competency = Competency.objects.filter(code=event.competency_code).first() if event.competency_code else None
    evidence_record(
        user=user,
        kind=EvidenceKind.DRILL,
        title=EVIDENCE_DRILL_ATTENDED,
        title_params={"drill": event.drill_type, "site": event.site},
        source_type="drills.DrillAttendance",
        source_id=str(event.attendance_id),
        occurred_at=event.signed_in_at,
        competency=competency,
        passed=True,
        recommend=False,
    )


def on_drill_role_assessed(event: DrillRoleAssessed) -> None:
    """The lead's rating of a role (1–5) is evidence with that rating and its percent (a 3 or
    better passes); a new rating of the same attendance supersedes the earlier one. The note
    names the role, in the site's language."""
    user = get_user_model().objects.get(pk=event.user_id)
    competency = Competency.objects.filter(code=event.competency_code).first() if event.competency_code else None
    with translation.override(settings.LANGUAGE_CODE):
        role = str(DrillRole(event.role).label) if event.role in DrillRole.values else event.role
    evidence_record(
        user=user,
        kind=EvidenceKind.DRILL,
        title=EVIDENCE_DRILL_ASSESSED,
        title_params={"drill": event.drill_type, "site": event.site},
        source_type="drills.DrillRoleAssessment",
        source_id=str(event.attendance_id),
        occurred_at=event.assessed_at,
        recorded_by=get_user_model().objects.filter(pk=event.assessed_by_id).first(),
        competency=competency,
        rating=Decimal(event.rating),
        percent=Decimal(event.rating * 20),
        passed=event.rating >= 3,
        note=f"{role}：{event.note}" if event.note else role,
    )


def on_field_record_reviewed(event: FieldRecordReviewed) -> None:
    """A reviewed field record is evidence for its task's competency (matched by code; none when
    the task names no competency or an unknown one), recorded by its reviewer."""
    competency = Competency.objects.filter(code=event.competency_code).first() if event.competency_code else None
    evidence_record(
        user=get_user_model().objects.get(pk=event.user_id),
        kind=EvidenceKind.FIELD,
        title=EVIDENCE_FIELD,
        title_params={"task": event.task_name},
        source_type="fieldwork.FieldRecord",
        source_id=str(event.record_id),
        occurred_at=event.reviewed_at,
        recorded_by=get_user_model().objects.filter(pk=event.reviewer_id).first(),
        competency=competency,
        score=event.score,
        percent=event.percent,
        passed=event.passed,
    )


def on_personal_data_export(event: PersonalDataExportRequested) -> None:
    event.sections["skills"] = skills_personal_data(user_id=event.user_id)


def on_personal_data_erase(event: PersonalDataErased) -> None:
    skills_personal_data_erase(user_id=event.user_id)


def person_record_changed(sender, instance, **kwargs) -> None:
    """Signal handler: one of a person's learning records (evidence, level, points, goal,
    promotion, course rating, enrolment) was saved or deleted; their my skills page is built again
    (skills.selectors.people.my_skills)."""
    person_records_changed(user_ids=[instance.user_id])
