"""Field records and operations outcomes answer the personal-data contract: HR's export lists
them, and erasing a leaver deletes their photos and video and blanks the free text, while the
scores (the facts their evidence rests on) stay."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.utils import timezone

from fieldwork.models import FieldPhoto, FieldRecord
from fieldwork.services import field_record_review, field_record_submit
from operations.models import OperationsOutcome, OutcomeKind
from privacy.services import personal_data_erase, personal_data_export
from tests.fieldwork.helpers import field_task, gps_photo, gps_video

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(world):
    submitted = field_record_submit(
        trainee=world.trainee.user, task=field_task(), notes="早班大堂", photos=[gps_photo()], video=gps_video()
    )
    return field_record_review(record=submitted, reviewer=world.hr.user, scores=[5, 3], note="垃圾桶仍有污渍")


@pytest.fixture
def outcome(world):
    return OperationsOutcome.objects.create(
        external_id="C-1", kind=OutcomeKind.COMPLAINT_UPHELD, user=world.trainee.user, occurred_at=timezone.now(),
        summary="业主投诉：态度生硬",
    )  # fmt: skip


def read_export(raw: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return json.loads(archive.read("personal-data.json"))["sections"]


def test_the_export_lists_field_records_and_outcomes(world, record, outcome):
    data = read_export(personal_data_export(actor=world.hr.user, profile=world.trainee))
    assert data["fieldwork"][0]["notes"] == "早班大堂" and data["fieldwork"][0]["score"] == 8
    assert data["fieldwork"][0]["photos"] == 1 and data["fieldwork"][0]["video"] is True
    assert data["operations"] == [
        {
            "external_id": "C-1",
            "kind": "complaint_upheld",
            "category": "",
            "occurred_at": outcome.occurred_at.isoformat(),
            "summary": "业主投诉：态度生硬",
        }
    ]


def test_erasure_deletes_photos_and_video_and_blanks_text_but_keeps_scores(world, record, outcome):
    photo_name = FieldPhoto.objects.get().image.name
    storage = FieldPhoto.objects.get().image.storage
    video_name = record.video.name
    assert storage.exists(photo_name) and storage.exists(video_name)
    personal_data_erase(actor=world.hr.user, profile=world.trainee, left_at=dt.date(2026, 11, 1))
    kept = FieldRecord.objects.get()
    assert (kept.notes, kept.review_note, kept.video.name) == ("", "", "")
    assert (kept.total_score, kept.max_score, kept.passed) == (8, 10, True)
    assert not FieldPhoto.objects.exists()
    assert not storage.exists(photo_name) and not storage.exists(video_name)
    assert OperationsOutcome.objects.get().summary == ""
