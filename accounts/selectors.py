"""Reads of the accounts app: who still needs a first sign-in, and the open codes."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Activation, PasswordResetCode
from org.models import RosterImport, StaffProfile


def staff_awaiting_first_sign_in() -> QuerySet[StaffProfile]:
    """Current staff whose login has no password yet (imported, never activated, or reset by
    HR and not activated since): the people an onboarding slip is for."""
    return (
        StaffProfile.objects.filter(
            left_at__isnull=True,
            erased_at__isnull=True,
            user__is_active=True,
            user__is_superuser=False,
            user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )
        .select_related("user", "site", "post")
        .order_by("site__code", "employee_number")
    )


def roster_import_awaiting_first_sign_in(*, roster_import: RosterImport) -> QuerySet[StaffProfile]:
    """The people a confirmed roster import added who have not signed in yet."""
    numbers = [
        row["employee_number"] for row in (roster_import.result or {}).get("rows", []) if row.get("action") == "create"
    ]
    return staff_awaiting_first_sign_in().filter(employee_number__in=numbers)


def activation_open(*, activation_id: int | None) -> Activation | None:
    """An activation still usable (unused, not revoked, not expired), with its person."""
    if activation_id is None:
        return None
    activation = Activation.objects.select_related("user__staff_profile").filter(pk=activation_id).first()
    return activation if activation is not None and activation.is_open() else None


def recovery_user(*, reset_code_id: int | None) -> AbstractBaseUser | None:
    """The person of a recovery still open (unused and not expired)."""
    if reset_code_id is None:
        return None
    reset = (
        PasswordResetCode.objects.select_related("user__staff_profile")
        .filter(pk=reset_code_id, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    return reset.user if reset is not None else None
