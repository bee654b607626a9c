"""The evidence log is append-only in the database too (PostgreSQL triggers of migration skills
0005): any client's UPDATE or DELETE is refused, except the two edits the platform itself makes —
a link cleared because the page or person it named is deleted, and the note blanked when the
person is erased — each re-checked at commit. A person with evidence cannot be deleted."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from privacy.services import personal_data_erase
from skills.models import Evidence, EvidenceKind
from skills.services import evidence_correct, evidence_record
from tests.factories.courses import CoursePageFactory
from tests.factories.org import HRAdminFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(catalog):
    profile = StaffProfileFactory()
    course = CoursePageFactory(parent=catalog, title="消防")
    return evidence_record(
        user=profile.user,
        kind=EvidenceKind.PRACTICAL,
        title="灭火器操作",
        source_type="test",
        passed=True,
        course=course,
        recorded_by=HRAdminFactory().user,
        note="操作规范，动作略慢",
    )


def raw(sql: str, *params) -> None:
    """Run SQL as another client would, in a savepoint; deferred checks run now, not at commit."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_correction_appends_and_leaves_the_original_as_it_was(entry):
    correction = evidence_correct(evidence=entry, corrected_by=entry.recorded_by, passed=False, note="复核")
    original = Evidence.objects.get(pk=entry.pk)
    assert (original.passed, original.note) == (True, "操作规范，动作略慢")
    assert correction.supersedes_id == entry.pk


def test_a_person_with_evidence_cannot_be_deleted(entry):
    """Deleting them would delete their log (on SQLite silently); they are erased instead."""
    with pytest.raises(ProtectedError):
        entry.user.delete()
    assert Evidence.objects.filter(pk=entry.pk).exists()


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("assignment", "column"),
    [("passed = false", "passed"), ("score = 100", "score"), ("title = 'forged'", "title"), ("user_id = 1", "user_id")],
)
def test_raw_sql_update_is_refused(entry, assignment, column):
    with pytest.raises(IntegrityError, match=f"skills_evidence is append-only: UPDATE of {column} refused"):
        raw(f"UPDATE skills_evidence SET {assignment} WHERE id = %s", entry.pk)  # noqa: S608
    assert Evidence.objects.get(pk=entry.pk).passed is True


@pytest.mark.postgres
def test_raw_sql_delete_is_refused(entry):
    with pytest.raises(IntegrityError, match="skills_evidence is append-only: DELETE refused"):
        raw("DELETE FROM skills_evidence WHERE id = %s", entry.pk)
    assert Evidence.objects.filter(pk=entry.pk).exists()


@pytest.mark.postgres
def test_blanking_the_note_of_a_person_not_erased_is_refused_at_commit(entry):
    with pytest.raises(IntegrityError, match="note was blanked but the person is not erased"):
        raw("UPDATE skills_evidence SET note = '' WHERE id = %s", entry.pk)
    with pytest.raises(IntegrityError, match="UPDATE of note refused"):
        raw("UPDATE skills_evidence SET note = 'rewritten' WHERE id = %s", entry.pk)
    assert Evidence.objects.get(pk=entry.pk).note == "操作规范，动作略慢"


@pytest.mark.postgres
def test_clearing_a_link_to_a_page_that_still_exists_is_refused_at_commit(entry):
    with pytest.raises(IntegrityError, match="course_id was cleared but courses_coursepage #.* still exists"):
        raw("UPDATE skills_evidence SET course_id = NULL WHERE id = %s", entry.pk)
    with pytest.raises(IntegrityError, match="recorded_by_id was cleared but auth_user"):
        raw("UPDATE skills_evidence SET recorded_by_id = NULL WHERE id = %s", entry.pk)


@pytest.mark.postgres
def test_erasure_blanks_the_note_and_passes_the_commit_check(entry):
    """The one sanctioned edit of the log's text: the privacy app's erasure (through the skills
    listener) blanks the note; the person is erased by commit, so the check lets it through."""
    with transaction.atomic():
        personal_data_erase(actor=HRAdminFactory().user, profile=entry.user.staff_profile)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    erased = Evidence.objects.get(pk=entry.pk)
    assert erased.note == "" and erased.passed is True and erased.title == "灭火器操作"


@pytest.mark.postgres
def test_deleting_the_course_page_keeps_the_evidence_without_its_link(entry):
    with transaction.atomic():
        entry.course.delete()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    kept = Evidence.objects.get(pk=entry.pk)
    assert kept.course_id is None and kept.title == "灭火器操作" and kept.passed is True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_at_a_real_commit_erasure_passes_and_a_forged_blank_does_not(entry):
    """The same checks at COMMIT, as in production (and the test runner's TRUNCATE afterwards
    is not refused)."""
    other = evidence_record(
        user=StaffProfileFactory().user, kind=EvidenceKind.PRACTICAL, title="巡逻", source_type="test", note="夜班"
    )
    personal_data_erase(actor=HRAdminFactory().user, profile=entry.user.staff_profile)
    assert Evidence.objects.get(pk=entry.pk).note == ""
    refused = pytest.raises(IntegrityError, match="note was blanked but the person is not erased")
    with refused, connection.cursor() as cursor:  # autocommit: the statement commits on its own
        cursor.execute("UPDATE skills_evidence SET note = '' WHERE id = %s", [other.pk])
    assert Evidence.objects.get(pk=other.pk).note == "夜班"
