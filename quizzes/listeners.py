"""The quizzes app's listeners of other apps' events (settings.LMS_EVENT_LISTENERS)."""

from core.personal_data import PersonalDataErased, PersonalDataExportRequested
from quizzes.services.personal_data import quizzes_personal_data, quizzes_personal_data_erase


def on_personal_data_export(event: PersonalDataExportRequested) -> None:
    event.sections["quizzes"] = quizzes_personal_data(user_id=event.user_id)


def on_personal_data_erase(event: PersonalDataErased) -> None:
    quizzes_personal_data_erase(user_id=event.user_id)
