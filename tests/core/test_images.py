"""Stored photos carry no location: image_sanitise drops EXIF (GPS included), applies the
orientation, shrinks to the bounding box, and refuses what is not a photo by name."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import image_sanitise

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_with_gps(*, size=(3000, 2000), orientation=1) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)})
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("site.jpg", out.getvalue(), content_type="image/jpeg")


def test_the_original_carries_gps():
    with Image.open(photo_with_gps()) as image:
        assert image.getexif().get_ifd(GPS_IFD)


def test_stored_copy_has_no_exif_and_fits_the_box():
    cleaned = image_sanitise(photo_with_gps())
    with Image.open(BytesIO(cleaned.read())) as image:
        assert image.format == "JPEG"
        assert not image.getexif().get_ifd(GPS_IFD)
        assert len(image.getexif()) == 0
        assert "exif" not in image.info
        assert max(image.size) == 1600
    assert cleaned.name == "site.jpg"


def test_orientation_is_applied_before_it_is_dropped():
    # Orientation 6: the camera was turned; the upright picture is taller than wide.
    cleaned = image_sanitise(photo_with_gps(size=(400, 200), orientation=6))
    with Image.open(BytesIO(cleaned.read())) as image:
        assert image.size == (200, 400)


def test_a_file_that_is_not_a_photo_is_refused_by_name():
    with pytest.raises(ValidationError) as caught:
        image_sanitise(SimpleUploadedFile("notes.jpg", b"not an image"))
    assert caught.value.code == "image_unreadable"
