"""Stored titles in the reader's language: an evidence entry's title and a learning-points
entry's reason are kept as a message id and parameters (skills.messages), so the same row reads
in Chinese to a zh-hans reader and in English to an en reader; older rows show their text."""

import pytest
from django.utils import translation

from skills.messages import (
    EVIDENCE_COURSE_COMPLETED,
    EVIDENCE_FOLLOW_UP,
    EVIDENCE_PRACTICAL,
    REASON_COURSE_COMPLETED,
)
from skills.models import Evidence, EvidenceKind, LearningPointEntry
from skills.services import evidence_correct, evidence_record, level_record_create, points_credit
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db

COURSE = "消防设施巡检"


@pytest.fixture
def profile():
    return StaffProfileFactory()


def _completed(profile) -> tuple[Evidence, LearningPointEntry]:
    with translation.override("en"):  # written while English was active
        entry = evidence_record(
            user=profile.user,
            kind=EvidenceKind.COURSE,
            title=EVIDENCE_COURSE_COMPLETED,
            title_params={"course": COURSE},
            source_type="test",
            recommend=False,
        )
        points = points_credit(
            user=profile.user, points=10, reason=REASON_COURSE_COMPLETED, reason_params={"course": COURSE}, key="c:1"
        )
    return entry, points


def test_an_evidence_title_reads_in_each_readers_language(profile):
    entry, _points = _completed(profile)
    entry = Evidence.objects.get(pk=entry.pk)
    assert entry.title == f"Course completed: {COURSE}"  # the text as first written is kept
    with translation.override("zh-hans"):
        assert entry.title_text == f"完成课程：{COURSE}"
    with translation.override("en"):
        assert entry.title_text == f"Course completed: {COURSE}"


def test_a_points_reason_reads_in_each_readers_language(profile):
    _entry, points = _completed(profile)
    points = LearningPointEntry.objects.get(pk=points.pk)
    with translation.override("zh-hans"):
        assert points.reason_text == f"完成课程 {COURSE}"
    with translation.override("en"):
        assert points.reason_text == f"Completed {COURSE}"


def test_a_level_reason_names_the_level_in_the_readers_language(profile):
    with translation.override("zh-hans"):
        level_record_create(user=profile.user, post=profile.post, level=2)
    points = LearningPointEntry.objects.get(user=profile.user)
    assert points.reason_params == {"level": 2}
    with translation.override("en"):
        assert points.reason_text == "Reached level Intermediate"
    with translation.override("zh-hans"):
        assert points.reason_text != "Reached level Intermediate"
        assert "Intermediate" not in points.reason_text


def test_a_counted_title_takes_the_singular_for_one_month(profile):
    entry = evidence_record(
        user=profile.user,
        kind=EvidenceKind.FOLLOW_UP,
        title=EVIDENCE_FOLLOW_UP,
        title_params={"m": 1, "course": COURSE},
        source_type="test",
        recommend=False,
    )
    with translation.override("en"):
        assert entry.title_text == f"Follow-up +1 month: {COURSE}"
    with translation.override("zh-hans"):
        assert entry.title_text == f"结业 1 个月跟踪评估：{COURSE}"


def test_a_correction_keeps_the_message_so_it_reads_in_the_readers_language_too(profile):
    entry = evidence_record(
        user=profile.user,
        kind=EvidenceKind.PRACTICAL,
        title=EVIDENCE_PRACTICAL,
        title_params={"rubric": "灭火器操作"},
        source_type="test",
        recommend=False,
    )
    correction = evidence_correct(evidence=entry, corrected_by=profile.user, passed=False, note="复核")
    with translation.override("en"):
        assert correction.title_text == "Practical assessment: 灭火器操作"
    with translation.override("zh-hans"):
        assert correction.title_text == "实操考核：灭火器操作"


def test_a_row_from_before_message_ids_shows_its_text(profile):
    entry = evidence_record(
        user=profile.user,
        kind=EvidenceKind.COURSE,
        title="Course completed: 旧课程",
        source_type="test",
        recommend=False,
    )
    points = points_credit(user=profile.user, points=5, reason="完成课程 旧课程", key="old:1")
    with translation.override("zh-hans"):
        assert entry.title_text == "Course completed: 旧课程"
    with translation.override("en"):
        assert points.reason_text == "完成课程 旧课程"


def test_the_same_rows_on_my_skills_page_in_chinese_then_in_english(client, profile):
    _completed(profile)
    client.force_login(profile.user)
    chinese = client.get("/skills/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"完成课程：{COURSE}" in chinese and f"完成课程 {COURSE}" in chinese
    assert "Course completed" not in chinese and f"Completed {COURSE}" not in chinese
    english = client.get("/skills/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Course completed: {COURSE}" in english and f"Completed {COURSE}" in english
    assert "完成课程" not in english
