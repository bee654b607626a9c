"""The hours app's answer to the personal-data contract (core.personal_data)."""

from django.utils import timezone

from core.personal_data import PersonalDataErased
from hours.services import hours_exports_expire


def on_personal_data_erase(event: PersonalDataErased) -> None:
    """Every 学时 export built until now may name the leaver: their files are deleted."""
    hours_exports_expire(built_before=timezone.now())
