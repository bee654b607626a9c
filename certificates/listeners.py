"""The certificates app's listeners of other apps' events (settings.LMS_EVENT_LISTENERS). They run
inside the announcing transaction: if the completion rolls back, so does the certificate (and its
rendering is never queued)."""

from certificates import services
from core.personal_data import PersonalDataErased, PersonalDataExportRequested
from courses.events import CourseCompleted, ProgrammeCompleted
from courses.models import CourseEnrolment, ProgrammeAssignment
from skills.events import SkillLevelApproved


def on_course_completed(event: CourseCompleted) -> None:
    enrolment = CourseEnrolment.objects.select_related("user").get(pk=event.enrolment_id)
    services.certificates_issue_for_course(enrolment=enrolment)


def on_programme_completed(event: ProgrammeCompleted) -> None:
    assignment = ProgrammeAssignment.objects.select_related("user").get(pk=event.assignment_id)
    services.certificates_issue_for_programme(assignment=assignment)


def on_skill_level_approved(event: SkillLevelApproved) -> None:
    services.certificates_issue_for_skill_level(
        user_id=event.user_id, post_id=event.post_id, level=event.level, awarded_at=event.awarded_at
    )


def on_personal_data_export(event: PersonalDataExportRequested) -> None:
    event.sections["certificates"] = services.certificates_personal_data(user_id=event.user_id)


def on_personal_data_erase(event: PersonalDataErased) -> None:
    services.certificates_personal_data_erase(user_id=event.user_id)
