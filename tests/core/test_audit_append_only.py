"""The audit trail is append-only: through the ORM (one row or in bulk) and, on PostgreSQL, from
any SQL client (triggers of migration lms 0002). The one change the database lets through is a
link becoming NULL because the person it named is deleted, and only once they are gone."""

import pytest
from django.db import IntegrityError, connection, transaction

from core.models import AppendOnlyError, AuditEvent
from core.services import audit_record
from tests.factories.org import HRAdminFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    hr, person = HRAdminFactory(), StaffProfileFactory()
    return audit_record(actor=hr.user, action=AuditEvent.Action.PERSONAL_VIEW, obj=person, subject_user=person.user)


def test_an_event_cannot_be_edited_or_deleted_one_by_one(event):
    event.detail = {"forged": True}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_events_cannot_be_deleted_or_updated_in_bulk(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(action=AuditEvent.Action.GRADE_CHANGE)
    with pytest.raises(AppendOnlyError), transaction.atomic():  # bulk_update opens a transaction
        AuditEvent.objects.bulk_update([event], ["detail"])
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.PERSONAL_VIEW


def raw(sql: str, *params) -> None:
    """Run SQL as another client would, in a savepoint so a refusal leaves the test usable;
    deferred checks are made to run now instead of at the (never reached) commit."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.postgres
def test_raw_sql_update_is_refused(event):
    with pytest.raises(IntegrityError, match="lms_auditevent is append-only: UPDATE of action refused"):
        raw("UPDATE lms_auditevent SET action = 'grade_change' WHERE id = %s", event.pk)
    with pytest.raises(IntegrityError, match="append-only: UPDATE of detail refused"):
        raw("""UPDATE lms_auditevent SET detail = '{"forged": true}' WHERE id = %s""", event.pk)
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.PERSONAL_VIEW


@pytest.mark.postgres
def test_raw_sql_delete_is_refused(event):
    with pytest.raises(IntegrityError, match="lms_auditevent is append-only: DELETE refused"):
        raw("DELETE FROM lms_auditevent WHERE id = %s", event.pk)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.postgres
def test_clearing_the_actor_of_a_living_person_is_refused_at_commit(event):
    with pytest.raises(IntegrityError, match="actor_id was cleared but auth_user #.* still exists"):
        raw("UPDATE lms_auditevent SET actor_id = NULL WHERE id = %s", event.pk)
    assert AuditEvent.objects.get(pk=event.pk).actor_id is not None


@pytest.mark.postgres
def test_deleting_a_login_keeps_the_event_without_its_name(event):
    """Django sets actor to NULL (on_delete=SET_NULL) before it deletes the login; the deferred
    check sees the login gone and lets the commit through. The event itself stays."""
    actor_id = event.actor_id
    with transaction.atomic():
        event.actor.delete()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor_id is None and event.action == AuditEvent.Action.PERSONAL_VIEW
    assert actor_id is not None
