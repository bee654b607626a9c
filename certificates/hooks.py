"""Listeners registered in settings.LMS_HOOKS. They run inside the emitter's transaction: if the
completion rolls back, so does the certificate (and its rendering is never queued)."""

from certificates import services


def on_course_completed(*, enrolment, **kwargs) -> None:
    services.certificates_issue_for_course(enrolment=enrolment)


def on_programme_completed(*, assignment, **kwargs) -> None:
    services.certificates_issue_for_programme(assignment=assignment)


def on_skill_level_approved(*, level_record, **kwargs) -> None:
    services.certificates_issue_for_skill_level(level_record=level_record)


def on_personal_data_export(*, user, sections: dict, **kwargs) -> None:
    sections["certificates"] = services.certificates_personal_data(user=user)


def on_personal_data_erase(*, user, **kwargs) -> None:
    services.certificates_personal_data_erase(user=user)
