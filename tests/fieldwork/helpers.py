"""Field-evidence test data: a task with two criteria and a phone photo carrying a GPS position."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fieldwork.models import FieldTask, FieldTaskCriterion

GPS_IFD = 0x8825


def field_task(*, name: str = "保洁标准达标", competency_code: str = "", pass_percent: int = 60) -> FieldTask:
    task = FieldTask.objects.create(
        name=name,
        instructions="大堂地面无水渍、无垃圾，垃圾桶外壁洁净。",
        competency_code=competency_code,
        pass_percent=pass_percent,
    )
    FieldTaskCriterion.objects.create(task=task, text="地面洁净无水渍", max_score=5, sort_order=0)
    FieldTaskCriterion.objects.create(task=task, text="垃圾桶清理及时", max_score=5, sort_order=1)
    return task


def gps_photo(name: str = "IMG_0001.jpg", size: tuple[int, int] = (2400, 1800)) -> SimpleUploadedFile:
    """A JPEG as a phone writes it: large, with the phone's make and a GPS position in its EXIF."""
    image = Image.new("RGB", size, "white")
    exif = Image.Exif()
    exif[0x010F] = "TestPhone"
    exif[GPS_IFD] = {1: "N", 2: (31.0, 14.0, 9.0), 3: "E", 4: (121.0, 28.0, 5.0)}
    out = BytesIO()
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def gps_video(name: str = "VID_0001.mp4") -> SimpleUploadedFile:
    """A one-second MP4 as a phone writes it: the ISO 6709 location tag, a make and a creation
    time in its metadata (made with ffmpeg's test source)."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / name
        subprocess.run(  # noqa: S603
            [
                shutil.which("ffmpeg"),
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc=duration=1:size=64x48:rate=5",
                "-c:v",
                "mpeg4",
                "-metadata",
                "location=+31.2304+121.4737/",
                "-metadata",
                "make=TestPhone",
                "-metadata",
                "creation_time=2026-12-01T08:00:00Z",
                "-movflags",
                "+use_metadata_tags",
                str(path),
            ],  # fmt: skip
            check=True,
            timeout=60,
        )
        return SimpleUploadedFile(name, path.read_bytes(), content_type="video/mp4")


def matrix_record(world):
    """The trainee's field record awaiting review, built once per world (the permission matrix)."""
    from fieldwork.services import field_record_submit

    def build():
        return field_record_submit(
            trainee=world.trainee.user, task=field_task(), photos=[gps_photo(size=(40, 30))], video=gps_video()
        )

    return world._once("_field_record", build)
