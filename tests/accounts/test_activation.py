"""Activations: one-time codes, stored only as a keyed hash, valid for a week and once; a new one
revokes the ones before it; HR's reset stops the old password at once and is audited."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from accounts.codes import activation_code_hash
from accounts.models import Activation
from accounts.services import (
    ActivationError,
    activation_complete,
    activation_find,
    activation_issue,
    activations_issue,
    password_reset_by_hr,
)
from core.models import AuditEvent
from privacy.services import personal_data_erase
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Ziji-de-mima-2025"


def _signs_in(name: str, password: str) -> bool:
    request = RequestFactory().post("/accounts/login/")
    request.META["REMOTE_ADDR"] = "10.0.0.9"
    return authenticate(request, username=name, password=password) is not None


def test_the_code_is_stored_only_as_a_keyed_hash(newcomer, hr):
    issued = activation_issue(profile=newcomer, actor=hr.user)
    row = Activation.objects.get()
    assert len(issued.code) == 8 and issued.display_code == f"{issued.code[:4]}-{issued.code[4:]}"
    assert row.code_hash == activation_code_hash(issued.code)
    assert issued.code not in row.code_hash
    values = Activation.objects.values_list(*[f.attname for f in Activation._meta.concrete_fields]).get()
    assert not any(issued.code in str(value) for value in values)


def test_the_code_is_found_however_it_is_typed(newcomer, hr):
    issued = activation_issue(profile=newcomer, actor=hr.user)
    for typed in (
        issued.code,
        issued.display_code,
        f" {issued.display_code.lower()} ",
        issued.code[:4] + " " + issued.code[4:],
    ):
        assert activation_find(code=typed).pk == issued.activation.pk
    assert activation_find(code="ABCD-EFGH") is None


def test_using_it_sets_the_password_once(newcomer, hr):
    issued = activation_issue(profile=newcomer, actor=hr.user)
    user = activation_complete(activation_id=issued.activation.pk, password=NEW_PASSWORD)
    assert user == newcomer.user and _signs_in("YG900", NEW_PASSWORD)
    assert activation_find(code=issued.code) is None
    with pytest.raises(ActivationError):
        activation_complete(activation_id=issued.activation.pk, password="Another-password-2025")
    assert _signs_in("YG900", NEW_PASSWORD)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_CHANGE).get()
    assert (event.actor, event.subject_user, event.detail) == (
        newcomer.user,
        newcomer.user,
        {"fields": ["password"], "via": "activation"},
    )


def test_a_code_is_valid_for_seven_days(newcomer, hr):
    issued = activation_issue(profile=newcomer, actor=hr.user)
    with time_machine.travel(timezone.now() + dt.timedelta(days=6, hours=23)):
        assert activation_find(code=issued.code) is not None
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        assert activation_find(code=issued.code) is None
        with pytest.raises(ActivationError):
            activation_complete(activation_id=issued.activation.pk, password=NEW_PASSWORD)


def test_a_new_code_revokes_the_ones_before(newcomer, hr):
    first = activation_issue(profile=newcomer, actor=hr.user)
    [second] = activations_issue(profiles=[newcomer], actor=hr.user)
    assert activation_find(code=first.code) is None
    assert activation_find(code=second.code) is not None
    with pytest.raises(ActivationError):
        activation_complete(activation_id=first.activation.pk, password=NEW_PASSWORD)


def test_using_one_code_revokes_any_other_open_one(newcomer, hr):
    first = activation_issue(profile=newcomer, actor=hr.user)
    # Issued before the revocation existed, or raced: two open codes for one person.
    second = activation_issue(profile=newcomer, actor=hr.user)
    Activation.objects.filter(pk=first.activation.pk).update(revoked_at=None)
    activation_complete(activation_id=second.activation.pk, password=NEW_PASSWORD)
    assert activation_find(code=first.code) is None


def test_leavers_and_switched_off_logins_get_no_code(newcomer, hr):
    leaver = StaffProfileFactory(left_at=dt.date(2025, 1, 1))
    off = StaffProfileFactory(user__is_active=False)
    for profile in (leaver, off):
        with pytest.raises(ActivationError):
            activation_issue(profile=profile, actor=hr.user)
    issued = activations_issue(profiles=[leaver, newcomer, off], actor=hr.user)
    assert [item.profile for item in issued] == [newcomer]
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_EXPORT)
    assert event.detail == {"what": "activation_slips", "count": 1}


def test_hr_reset_stops_the_old_password_at_once_and_is_audited(hr):
    person = StaffProfileFactory(employee_number="YG901")
    assert _signs_in("YG901", "pw-test-123")
    issued = password_reset_by_hr(profile=person, actor=hr.user)
    assert not _signs_in("YG901", "pw-test-123")
    assert issued.activation.reason == Activation.Reason.RESET
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_CHANGE)
    assert (event.actor, event.subject_user, event.detail) == (
        hr.user,
        person.user,
        {"fields": ["password"], "via": "hr_reset"},
    )
    activation_complete(activation_id=issued.activation.pk, password=NEW_PASSWORD)
    assert _signs_in("YG901", NEW_PASSWORD)


def test_erasing_a_person_deletes_their_codes(newcomer, hr):
    issued = activation_issue(profile=newcomer, actor=hr.user)
    personal_data_erase(actor=hr.user, profile=newcomer)
    assert not Activation.objects.exists()
    assert activation_find(code=issued.code) is None
