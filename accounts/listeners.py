"""The accounts app's listeners of other apps' events (settings.LMS_EVENT_LISTENERS)."""

from accounts.services.personal_data import accounts_personal_data, accounts_personal_data_erase
from core.personal_data import PersonalDataErased, PersonalDataExportRequested


def on_personal_data_export(event: PersonalDataExportRequested) -> None:
    event.sections["accounts"] = accounts_personal_data(user_id=event.user_id)


def on_personal_data_erase(event: PersonalDataErased) -> None:
    accounts_personal_data_erase(user_id=event.user_id)
