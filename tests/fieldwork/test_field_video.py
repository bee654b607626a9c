"""A field record may carry a short video instead of (or beside) photos. The stored copy has no
location, device or time tags (read back with ffprobe), is served only through the record's scope
check, and a file that is not a video, or a record with neither photo nor video, is refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.videos import video_probe
from fieldwork.models import FieldRecord
from tests.fieldwork.helpers import field_task, gps_video

pytestmark = pytest.mark.django_db


def tags(probe: dict) -> dict:
    found = dict(probe.get("format", {}).get("tags", {}))
    for stream in probe.get("streams", []):
        found.update(stream.get("tags", {}))
    return {key.lower(): value for key, value in found.items()}


def test_the_phone_video_does_carry_a_location(tmp_path):
    path = tmp_path / "upload.mp4"
    path.write_bytes(gps_video().read())
    assert "location" in tags(video_probe(path))


def test_a_video_alone_is_stored_without_location_device_or_time(world, tmp_path):
    response = world.client("trainee").post(
        reverse("fieldwork:submit"), {"task": field_task().pk, "video": gps_video(), "notes": "夜班巡更"}
    )
    record = FieldRecord.objects.get()
    assert response.status_code == 302
    assert record.video.name.endswith(".mp4") and not record.photos.exists()
    stored = tmp_path / "stored.mp4"
    with record.video.open("rb") as handle:
        stored.write_bytes(handle.read())
    probe = video_probe(stored)
    assert [s["codec_type"] for s in probe["streams"]] == ["video"]
    left = tags(probe)
    assert not {"location", "location-eng", "com.apple.quicktime.location.iso6709", "make", "creation_time"} & set(
        left
    ), left


def test_the_video_is_served_to_the_owner_and_not_outside_the_scope(world):
    world.client("trainee").post(reverse("fieldwork:submit"), {"task": field_task().pk, "video": gps_video()})
    record = FieldRecord.objects.get()
    url = reverse("fieldwork:video", args=[record.pk])
    response = world.client("trainee").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "video/mp4"
    assert response["Cache-Control"] == "private, no-store"
    assert world.client("other_trainee").get(url).status_code == 404
    detail = world.client("trainee").get(reverse("fieldwork:detail", args=[record.pk])).content.decode()
    assert f'src="{url}"' in detail


def test_a_file_that_is_not_a_video_is_refused_by_name_and_nothing_recorded(world):
    fake = SimpleUploadedFile("clip.mp4", b"\x00\x00\x00\x18ftypmp42 not really a video", content_type="video/mp4")
    response = world.client("trainee").post(reverse("fieldwork:submit"), {"task": field_task().pk, "video": fake})
    assert response.status_code == 200
    assert "not a video" in response.content.decode()
    assert not FieldRecord.objects.exists()


def test_a_record_with_neither_photo_nor_video_is_refused(world):
    response = world.client("trainee").post(reverse("fieldwork:submit"), {"task": field_task().pk, "notes": "x"})
    assert response.status_code == 200
    assert "at least one photo or a short video" in response.content.decode()
    assert not FieldRecord.objects.exists()
