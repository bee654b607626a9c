import pytest

from skills.models import AppendOnlyError, Evidence, EvidenceKind, LearningPointEntry, LevelRecord
from skills.services import evidence_correct, evidence_record, level_record_create, points_credit
from skills.services.evidence import EvidenceAlreadyCorrected
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    profile = StaffProfileFactory()
    return evidence_record(
        user=profile.user, kind=EvidenceKind.PRACTICAL, title="灭火器操作", source_type="test", passed=True
    )


def test_evidence_cannot_be_edited(entry):
    entry.passed = False
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_evidence_cannot_be_deleted_one_by_one_or_in_bulk(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        Evidence.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        Evidence.objects.filter(pk=entry.pk).update(passed=False)
    assert Evidence.objects.get(pk=entry.pk).passed is True


def test_a_correction_is_a_new_entry_that_supersedes_the_old(entry):
    manager = StaffProfileFactory().user
    correction = evidence_correct(evidence=entry, corrected_by=manager, passed=False, note="复核未通过")
    assert Evidence.objects.count() == 2
    assert correction.supersedes_id == entry.pk and correction.recorded_by == manager
    assert list(Evidence.objects.active()) == [correction]
    assert Evidence.objects.get(pk=entry.pk).passed is True


def test_only_the_entry_in_force_can_be_corrected(entry):
    evidence_correct(evidence=entry, corrected_by=entry.user, withdraw=True, note="撤回")
    with pytest.raises(EvidenceAlreadyCorrected):
        evidence_correct(evidence=entry, corrected_by=entry.user, passed=False, note="again")


def test_level_history_and_points_are_append_only():
    profile = StaffProfileFactory()
    record = level_record_create(user=profile.user, post=profile.post, level=1)
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        LevelRecord.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        LearningPointEntry.objects.all().update(points=0)


def test_points_are_credited_once_per_source():
    user = StaffProfileFactory().user
    assert points_credit(user=user, points=10, reason="课程", key="course:1")
    assert points_credit(user=user, points=10, reason="课程", key="course:1") is None
    assert LearningPointEntry.objects.filter(user=user).count() == 1
