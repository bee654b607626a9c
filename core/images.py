"""Photos taken on a phone, made safe and small before they are stored: turned the way they were
held (the EXIF orientation applied), shrunk to fit a bounding box, and written again without any
metadata, so a site photo never carries the GPS position, the phone's make or the time it was
taken. Used by drill records and field evidence."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

# iPhones save HEIC by default; Pillow reads it once pillow-heif registers its opener.
register_heif_opener()

# Long side in pixels: sharp enough on a phone and in an A4 report, about 200-400 KB as JPEG.
IMAGE_MAX_SIDE = 1600
IMAGE_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Refuse decompression bombs well before Pillow's own (much higher) limit.
IMAGE_MAX_PIXELS = 60_000_000


def image_sanitise(upload, *, max_side: int = IMAGE_MAX_SIDE) -> ContentFile:
    """A JPEG copy of `upload` (any format Pillow reads, HEIC included via pillow-heif) with
    orientation applied, the long side at most `max_side`, and no EXIF, XMP or ICC-embedded
    location left. Raises ValidationError naming the problem for files that are not images,
    too large, or too many pixels."""
    size = getattr(upload, "size", None)
    if size is not None and size > IMAGE_MAX_UPLOAD_BYTES:
        raise ValidationError(_("The photo is larger than 20 MB."), code="image_too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="image_too_many_pixels")
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = BytesIO()
            # A fresh save with no `exif=` argument writes no EXIF block at all.
            image.save(out, format="JPEG", quality=82, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The file is not a photo this site can read."), code="image_unreadable") from exc
    name = (getattr(upload, "name", "") or "photo").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "photo"
    return ContentFile(out.getvalue(), name=f"{name[:80]}.jpg")
