"""Password recovery by a code sent in a text message to the mobile number on the roster.

Nobody learns from it who exists: asking answers the same for any name, and the text message is
sent by a task, so the answer does not take longer when there is someone to send to. A code is
valid for ACCOUNTS_RESET_CODE_MINUTES, once, and for ACCOUNTS_RESET_MAX_ATTEMPTS wrong tries;
a person gets at most one message a minute and ACCOUNTS_RESET_MAX_PER_DAY a day, so the form
cannot be used to flood their phone."""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import ngettext

from accounts.codes import reset_code_hash, reset_code_matches, reset_code_new
from accounts.identity import user_for_identifier
from accounts.models import PasswordResetCode
from core.models import AuditEvent
from core.services import audit_record
from core.sms import SmsError, sms_send

logger = logging.getLogger(__name__)


class RecoveryCodeInvalid(Exception):
    """Wrong, expired, used up or never sent: the person is told only that it did not work."""


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def code_minutes() -> int:
    return _setting("ACCOUNTS_RESET_CODE_MINUTES", 10)


@transaction.atomic
def password_reset_request(*, identifier: str, now: dt.datetime | None = None) -> int | None:
    """Someone asks for a recovery code for a sign-in name (工号, mobile number or login name).
    Returns the id of the recovery the code belongs to, or None when there is nobody to send it
    to: a current staff member with an active login and a mobile number on file. Within a minute
    of the last message, or past the day's limit, no new message is sent and the last recovery's
    id is returned (its code still works while valid). The caller answers the same in every case."""
    now = now or timezone.now()
    user = user_for_identifier(identifier)
    profile = getattr(user, "staff_profile", None) if user is not None else None
    if (
        profile is None
        or not user.is_active
        or profile.left_at is not None
        or profile.erased_at is not None
        or not profile.phone
    ):
        return None
    today = PasswordResetCode.objects.filter(user=user, created_at__gte=now - dt.timedelta(days=1))
    latest = today.order_by("-created_at", "-id").first()
    if latest is not None and (
        latest.created_at > now - dt.timedelta(seconds=_setting("ACCOUNTS_RESET_MIN_INTERVAL_SECONDS", 60))
        or today.count() >= _setting("ACCOUNTS_RESET_MAX_PER_DAY", 5)
    ):
        return latest.pk
    reset = PasswordResetCode.objects.create(user=user, expires_at=now + dt.timedelta(minutes=code_minutes()))
    from accounts.tasks import password_reset_code_send_task

    transaction.on_commit(lambda: password_reset_code_send_task.enqueue(reset_code_id=reset.pk))
    return reset.pk


def password_reset_code_send(*, reset_code_id: int) -> bool:
    """Make the recovery's code and send it to the person's mobile number. Safe to run twice: a
    recovery whose code was made is left alone (the code exists only in the message). Returns
    whether a message went out."""
    reset = PasswordResetCode.objects.select_related("user__staff_profile").filter(pk=reset_code_id).first()
    if reset is None or reset.code_hash or reset.used_at is not None or reset.expires_at <= timezone.now():
        return False
    profile = getattr(reset.user, "staff_profile", None)
    if profile is None or not profile.phone:
        return False
    code = reset_code_new()
    claimed = PasswordResetCode.objects.filter(pk=reset.pk, code_hash="").update(
        code_hash=reset_code_hash(reset_id=reset.pk, code=code), sent_at=timezone.now()
    )
    if claimed != 1:
        return False
    minutes = code_minutes()
    with translation.override(settings.LANGUAGE_CODE):
        text = ngettext(
            "Your Property Service Academy password recovery code is %(code)s, valid for %(minutes)s minute. "
            "If you did not ask for it, ignore this message.",
            "Your Property Service Academy password recovery code is %(code)s, valid for %(minutes)s minutes. "
            "If you did not ask for it, ignore this message.",
            minutes,
        ) % {"code": code, "minutes": minutes}
    try:
        sms_send(
            phone=profile.phone,
            text=text,
            template="verification_code",
            params={"code": code, "minutes": str(minutes)},
        )
    except SmsError:
        # The person sees no message and asks again after a minute; the code is useless unsent.
        logger.exception("Recovery code %s could not be sent", reset.pk)
        return False
    return True


def _open_reset(reset_code_id: int | None, now: dt.datetime) -> PasswordResetCode:
    reset = (
        PasswordResetCode.objects.select_related("user").filter(pk=reset_code_id).first()
        if reset_code_id is not None
        else None
    )
    if (
        reset is None
        or reset.used_at is not None
        or reset.expires_at <= now
        or not reset.code_hash
        or reset.failed_attempts >= _setting("ACCOUNTS_RESET_MAX_ATTEMPTS", 5)
    ):
        raise RecoveryCodeInvalid
    return reset


def password_reset_code_check(*, reset_code_id: int | None, code: str) -> AbstractBaseUser:
    """The person the code was sent to, if `code` is the recovery's code and it is still valid.
    A wrong code counts towards the recovery's limit of wrong tries, after which even the right
    one no longer works."""
    reset = _open_reset(reset_code_id, timezone.now())
    if not reset_code_matches(reset_id=reset.pk, code=code, code_hash=reset.code_hash):
        PasswordResetCode.objects.filter(pk=reset.pk).update(failed_attempts=F("failed_attempts") + 1)
        raise RecoveryCodeInvalid
    return reset.user


@transaction.atomic
def password_reset_complete(*, reset_code_id: int, password: str) -> AbstractBaseUser:
    """Set the new password of a recovery whose code was entered correctly (the view keeps that
    in the session). Single use even when two requests race; every other open recovery of the
    person ends with it. Audited as the person changing their own password."""
    now = timezone.now()
    reset = _open_reset(reset_code_id, now)
    if not reset.user.is_active:
        raise RecoveryCodeInvalid
    claimed = PasswordResetCode.objects.filter(pk=reset.pk, used_at__isnull=True).update(used_at=now)
    if claimed != 1:
        raise RecoveryCodeInvalid
    PasswordResetCode.objects.filter(user_id=reset.user_id, used_at__isnull=True).update(used_at=now)
    user = reset.user
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user,
        action=AuditEvent.Action.PERSONAL_CHANGE,
        obj=getattr(user, "staff_profile", None),
        subject_user=user,
        detail={"fields": ["password"], "via": "sms_code"},
    )
    return user
