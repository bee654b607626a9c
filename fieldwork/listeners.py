"""Fieldwork's answers to the personal-data contract (core.personal_data)."""

from core.personal_data import PersonalDataErased, PersonalDataExportRequested
from fieldwork.services import fieldwork_personal_data, fieldwork_personal_data_erase


def on_personal_data_export(event: PersonalDataExportRequested) -> None:
    event.sections["fieldwork"] = fieldwork_personal_data(user_id=event.user_id)


def on_personal_data_erase(event: PersonalDataErased) -> None:
    fieldwork_personal_data_erase(user_id=event.user_id)
