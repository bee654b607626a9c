"""Field evidence end to end: a trainee records a task with a photo (stored without its GPS
position), a reviewer in scope scores it once, and the result is evidence on the skill page."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from core.models import AuditEvent
from fieldwork.models import FieldPhoto, FieldRecord, FieldRecordStatus
from fieldwork.services import FieldRecordAlreadyReviewed, field_record_review, field_record_submit
from skills.models import Evidence, EvidenceKind
from tests.factories.skills import CompetencyFactory
from tests.fieldwork.helpers import GPS_IFD, field_task, gps_photo

pytestmark = pytest.mark.django_db

REVIEW = {"score_0": "5", "score_1": "3", "note": "垃圾桶外壁仍有污渍。", "confirm": "on"}


def submit(world, task, **extra):
    return world.client("trainee").post(
        reverse("fieldwork:submit"), {"task": task.pk, "photos": [gps_photo()], "notes": "早班大堂", **extra}
    )


def test_a_submitted_photo_is_stored_shrunk_and_without_gps(world):
    task = field_task()
    source = Image.open(BytesIO(gps_photo().read()))
    assert source.getexif().get_ifd(GPS_IFD)  # the upload does carry a position
    response = submit(world, task)
    record = FieldRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("fieldwork:detail", args=[record.pk])
    assert record.trainee == world.trainee.user and record.status == FieldRecordStatus.SUBMITTED
    photo = FieldPhoto.objects.get(record=record)
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        exif = image.getexif()
        assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD)
        assert len(exif) == 0  # no make, model or time either
        assert max(image.size) == 1600


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_recorded(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    task = field_task()
    fake = SimpleUploadedFile("evil.jpg", b"#!/bin/sh\necho hi\n", content_type="image/jpeg")
    response = world.client("trainee").post(reverse("fieldwork:submit"), {"task": task.pk, "photos": [fake]})
    assert response.status_code == 200
    assert "not a photo" in response.content.decode()
    assert not FieldRecord.objects.exists()


def test_review_scores_each_criterion_and_becomes_evidence_on_the_skill_page(world):
    competency = CompetencyFactory(code="cleaning-standard", name="保洁标准")
    task = field_task(competency_code="cleaning-standard")
    submit(world, task)
    record = FieldRecord.objects.get()
    manager = world.client("manager_here")
    page = manager.get(reverse("fieldwork:detail", args=[record.pk]))
    assert 'name="score_0"' in page.content.decode()
    response = manager.post(reverse("fieldwork:review", args=[record.pk]), REVIEW)
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.total_score, record.max_score, record.passed) == ("reviewed", 8, 10, True)
    assert [s.score for s in record.scores.all()] == [5, 3]
    evidence = Evidence.objects.get(kind=EvidenceKind.FIELD)
    assert evidence.user == world.trainee.user and evidence.competency == competency
    assert evidence.percent == 80 and evidence.passed is True
    assert evidence.recorded_by == world.manager_here.user
    assert evidence.source_type == "fieldwork.FieldRecord" and evidence.source_id == str(record.pk)
    assert AuditEvent.objects.filter(action="field_record_reviewed", object_id=str(record.pk)).exists()
    skill_page = manager.get(reverse("skills:person", args=[world.trainee.user_id])).content.decode()
    assert "保洁标准达标" in skill_page
    # the trainee sees the result
    mine = world.client("trainee").get(reverse("fieldwork:detail", args=[record.pk])).content.decode()
    assert "8/10" in mine and "垃圾桶外壁仍有污渍。" in mine


def test_below_the_pass_mark_is_not_passed(world):
    task = field_task(pass_percent=90)
    record = field_record_submit(trainee=world.trainee.user, task=task, photos=[gps_photo()])
    field_record_review(record=record, reviewer=world.trainer.user, scores=[5, 3])
    assert Evidence.objects.get(kind=EvidenceKind.FIELD).passed is False


def test_reviewing_twice_is_refused(world):
    task = field_task()
    record = field_record_submit(trainee=world.trainee.user, task=task, photos=[gps_photo()])
    field_record_review(record=record, reviewer=world.manager_here.user, scores=[5, 5])
    with pytest.raises(FieldRecordAlreadyReviewed):
        field_record_review(record=record, reviewer=world.trainer.user, scores=[0, 0])
    response = world.client("trainer").post(reverse("fieldwork:review", args=[record.pk]), REVIEW)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.total_score == 10 and record.reviewer == world.manager_here.user
    assert Evidence.objects.filter(kind=EvidenceKind.FIELD).count() == 1


def test_a_review_without_the_confirmation_is_not_saved(world):
    task = field_task()
    record = field_record_submit(trainee=world.trainee.user, task=task, photos=[gps_photo()])
    response = world.client("manager_here").post(
        reverse("fieldwork:review", args=[record.pk]), {k: v for k, v in REVIEW.items() if k != "confirm"}
    )
    assert response.status_code == 400
    record.refresh_from_db()
    assert record.status == FieldRecordStatus.SUBMITTED


@pytest.mark.parametrize(
    ("role", "detail", "review"),
    [
        ("trainee", 200, 403),  # the owner sees it, never reviews it
        ("other_trainee", 404, 403),
        ("manager_elsewhere", 404, 404),
        ("manager_here", 200, 302),
        ("trainer", 200, 302),
        ("hr", 200, 302),
    ],
)
def test_who_may_see_and_review_a_record(world, role, detail, review):
    task = field_task()
    record = field_record_submit(trainee=world.trainee.user, task=task, photos=[gps_photo()])
    photo = record.photos.get()
    client = world.client(role)
    assert client.get(reverse("fieldwork:detail", args=[record.pk])).status_code == detail
    assert client.get(reverse("fieldwork:photo", args=[photo.pk])).status_code == detail
    assert client.post(reverse("fieldwork:review", args=[record.pk]), REVIEW).status_code == review


def test_the_review_list_shows_only_records_in_scope(world):
    task = field_task()
    mine = field_record_submit(trainee=world.trainee.user, task=task, photos=[gps_photo()])
    elsewhere = field_record_submit(trainee=world.trainee_elsewhere.user, task=task, photos=[gps_photo()])
    page = world.client("manager_here").get(reverse("fieldwork:review_list"))
    assert [r.pk for r in page.context["records"]] == [mine.pk]
    other = world.client("manager_elsewhere").get(reverse("fieldwork:review_list"))
    assert [r.pk for r in other.context["records"]] == [elsewhere.pk]


def test_the_review_list_query_count_does_not_grow_with_records(world):
    task = field_task()
    client = world.client("trainer")
    field_record_submit(trainee=world.trainee.user, task=task, photos=[gps_photo()])
    client.get(reverse("fieldwork:review_list"))  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(reverse("fieldwork:review_list")).context["records"]) == 1
    for profile in (world.other_trainee, world.trainee_elsewhere, world.trainee, world.other_trainee):
        field_record_submit(trainee=profile.user, task=task, photos=[gps_photo(size=(40, 30))])
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(reverse("fieldwork:review_list")).context["records"]) == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_my_records_query_count_does_not_grow(world):
    task = field_task()
    client = world.client("trainee")
    field_record_submit(trainee=world.trainee.user, task=task, photos=[gps_photo(size=(40, 30))])
    client.get(reverse("fieldwork:mine"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("fieldwork:mine"))
    for _ in range(4):
        field_record_submit(trainee=world.trainee.user, task=task, photos=[gps_photo(size=(40, 30))])
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("fieldwork:mine"))
    assert len(five.captured_queries) == len(one.captured_queries)
