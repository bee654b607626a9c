"""Activations: HR issues a one-time code (printed on an onboarding slip, or shown once after a
reset), the person enters it on their phone and sets a password."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.codes import activation_code_display, activation_code_hash, activation_code_new
from accounts.models import Activation
from core.models import AuditEvent
from core.services import audit_record
from org.models import StaffProfile

ACTIVATION_DAYS_DEFAULT = 7


class ActivationError(Exception):
    """The activation cannot be issued or used; `code` names why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class IssuedActivation:
    """An activation and its plain code: printed or shown once, never stored."""

    activation: Activation
    code: str
    profile: StaffProfile

    @property
    def display_code(self) -> str:
        return activation_code_display(self.code)


def activation_days() -> int:
    return int(getattr(settings, "ACCOUNTS_ACTIVATION_DAYS", ACTIVATION_DAYS_DEFAULT))


def _refuse_unless_current(profile: StaffProfile) -> None:
    if profile.erased_at is not None or profile.left_at is not None:
        raise ActivationError("left")
    if not profile.user.is_active:
        raise ActivationError("inactive")
    if profile.user.is_superuser:
        # A superuser's password is the operators' business, not HR's.
        raise ActivationError("superuser")


def _revoke_open(*, user_id: int, now: dt.datetime, keep: int | None = None) -> None:
    Activation.objects.filter(user_id=user_id, used_at__isnull=True, revoked_at__isnull=True).exclude(pk=keep).update(
        revoked_at=now
    )


def _activation_create(*, profile: StaffProfile, actor, reason: str, now: dt.datetime) -> IssuedActivation:
    _revoke_open(user_id=profile.user_id, now=now)
    expires_at = now + dt.timedelta(days=activation_days())
    for _attempt in range(5):
        code = activation_code_new()
        try:
            with transaction.atomic():
                activation = Activation.objects.create(
                    user_id=profile.user_id,
                    code_hash=activation_code_hash(code),
                    reason=reason,
                    issued_by=actor if getattr(actor, "is_authenticated", False) else None,
                    expires_at=expires_at,
                )
        except IntegrityError:  # the same code drawn twice: one chance in 10¹¹, draw again
            continue
        return IssuedActivation(activation=activation, code=code, profile=profile)
    raise ActivationError("no_code")


@transaction.atomic
def activation_issue(*, profile: StaffProfile, actor: AbstractBaseUser) -> IssuedActivation:
    """A first sign-in code for one person on the roster (a slip HR prints). Earlier codes of
    theirs stop working. A person who left, or whose login is off, gets none. Printing a slip
    puts their name and number on paper: audited as an export of personal data."""
    _refuse_unless_current(profile)
    issued = _activation_create(
        profile=profile, actor=actor, reason=Activation.Reason.FIRST_SIGN_IN, now=timezone.now()
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.PERSONAL_EXPORT,
        obj=profile,
        subject_user=profile.user,
        detail={"what": "activation_slips", "count": 1},
    )
    return issued


@transaction.atomic
def activations_issue(
    *, profiles: list[StaffProfile], actor: AbstractBaseUser, roster_import_id: int | None = None
) -> list[IssuedActivation]:
    """First sign-in codes for many people at once (the slips of a roster import): every earlier
    code of theirs stops working, so the last printed sheet is the one that counts. People who
    left or whose login is off are skipped. One audit event names how many, never who."""
    now = timezone.now()
    issued = []
    for profile in profiles:
        try:
            _refuse_unless_current(profile)
        except ActivationError:
            continue
        issued.append(_activation_create(profile=profile, actor=actor, reason=Activation.Reason.FIRST_SIGN_IN, now=now))
    detail = {"what": "activation_slips", "count": len(issued)}
    if roster_import_id is not None:
        detail["roster_import"] = roster_import_id
    audit_record(actor=actor, action=AuditEvent.Action.PERSONAL_EXPORT, detail=detail)
    return issued


@transaction.atomic
def password_reset_by_hr(*, profile: StaffProfile, actor: AbstractBaseUser) -> IssuedActivation:
    """HR resets a person's password: the old one stops working at once (and with it every
    session signed in with it), and a new activation is issued for HR to hand over. Audited as
    a change of the person's password, by whom."""
    _refuse_unless_current(profile)
    user = profile.user
    user.set_unusable_password()
    user.save(update_fields=["password"])
    issued = _activation_create(profile=profile, actor=actor, reason=Activation.Reason.RESET, now=timezone.now())
    audit_record(
        actor=actor,
        action=AuditEvent.Action.PERSONAL_CHANGE,
        obj=profile,
        subject_user=user,
        detail={"fields": ["password"], "via": "hr_reset"},
    )
    return issued


def activation_find(*, code: str, now: dt.datetime | None = None) -> Activation | None:
    """The open activation with this code (unused, not revoked, not expired), or None."""
    activation = (
        Activation.objects.select_related("user__staff_profile").filter(code_hash=activation_code_hash(code)).first()
    )
    if activation is None or not activation.is_open(now):
        return None
    return activation


@transaction.atomic
def activation_complete(*, activation_id: int, password: str) -> AbstractBaseUser:
    """Use an activation: the person's password becomes `password` (already checked against
    the password policy by the form). Single use even when two requests race: only the request
    whose update marks it used goes on. Audited as the person changing their own password."""
    now = timezone.now()
    claimed = Activation.objects.filter(
        pk=activation_id, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if claimed != 1:
        raise ActivationError("used_or_expired")
    activation = Activation.objects.select_related("user__staff_profile").get(pk=activation_id)
    user = activation.user
    if not user.is_active:
        raise ActivationError("inactive")
    user.set_password(password)
    user.save(update_fields=["password"])
    _revoke_open(user_id=user.pk, now=now, keep=activation.pk)
    profile = getattr(user, "staff_profile", None)
    audit_record(
        actor=user,
        action=AuditEvent.Action.PERSONAL_CHANGE,
        obj=profile,
        subject_user=user,
        detail={"fields": ["password"], "via": "activation"},
    )
    return user
