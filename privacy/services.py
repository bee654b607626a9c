"""Personal data of staff: export on request and erasure on leaving (the rights PIPL gives an
individual). HR admins do both; each is written to the append-only audit log. Apps that keep
their own data about a person take part by listening to the events of core.personal_data
(settings.LMS_EVENT_LISTENERS), so this app never imports them."""

import datetime as dt
import io
import json
import zipfile
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from core.events import event_announce
from core.models import AuditEvent
from core.personal_data import PersonalDataErased, PersonalDataExportRequested
from core.services import audit_record
from org.models import StaffProfile
from privacy.selectors import personal_data_core

EXPORT_FORMAT_VERSION = 1


class AlreadyErased(Exception):
    pass


def personal_data_export(*, actor: AbstractBaseUser, profile: StaffProfile) -> bytes:
    """A zip with one JSON document of everything the platform holds about `profile`: the
    foundation's records and each app's section, added by its listener of core.personal_data.PersonalDataExportRequested. The export
    itself is audited (who exported whose data, when), never its content."""
    sections = personal_data_core(profile=profile)
    event_announce(PersonalDataExportRequested(user_id=profile.user_id, sections=sections))
    document = {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "employee_number": profile.employee_number,
        "sections": sections,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("personal-data.json", json.dumps(document, ensure_ascii=False, indent=2, default=str))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.PERSONAL_EXPORT,
        obj=profile,
        subject_user=profile.user,
        detail={"sections": sorted(sections)},
    )
    return buffer.getvalue()


@transaction.atomic
def personal_data_erase(*, actor: AbstractBaseUser, profile: StaffProfile, left_at: dt.date | None = None) -> None:
    """Erase a leaver's personal data: name, phone, email, WeCom and DingTalk user ids, employee
    number and login name are replaced by a neutral placeholder, the login is deactivated with an
    unusable password and its sessions end, and left_at / erased_at are set. Learning records stay (anonymous) for statistics;
    certificates of an erased person verify as "withdrawn" (the certificates app reads
    erased_at). Each app erases its own data in its listener of PersonalDataErased, in this
    transaction: if one fails, nothing is erased. Erasing twice is refused."""
    profile = StaffProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=profile.pk)
    if profile.erased_at is not None:
        raise AlreadyErased(f"Staff profile {profile.pk} was already erased.")
    user = profile.user
    placeholder = f"erased-{profile.pk}"
    event_announce(PersonalDataErased(user_id=user.pk))

    profile.name = placeholder
    profile.phone = ""
    profile.email = ""
    profile.wecom_userid = ""
    profile.dingtalk_userid = ""
    profile.employee_number = placeholder
    profile.hire_date = None
    profile.post_since = None
    profile.mentor = None
    profile.manager = None
    profile.left_at = profile.left_at or left_at or timezone.localdate()
    profile.erased_at = timezone.now()
    profile.save()
    profile.managed_sites.clear()
    profile.managed_departments.clear()

    user.username = placeholder
    for field in ("first_name", "last_name", "email"):
        if hasattr(user, field):
            setattr(user, field, "")
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    _sessions_end(user_id=user.pk)
    # The API tokens of the login stop working with is_active=False (api.auth checks it).
    audit_record(actor=actor, action=AuditEvent.Action.PERSONAL_ERASE, obj=profile, subject_user=user)


def _sessions_end(*, user_id: int) -> None:
    """End the sessions of a user (through the session engine, so a cached copy goes too).
    The new unusable password already invalidates them (the session auth hash changes) and an
    inactive login is refused on its next request; this removes them outright. Sessions are
    signed blobs, so each live one is decoded — erasures are rare."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            store(session_key=session.session_key).delete()
