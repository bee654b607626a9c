"""Short videos taken on a phone, stored without what a phone writes about where and on what it
was filmed: the container is copied stream by stream (no re-encoding, so it is quick) keeping the
first video and first audio stream only, with every global, stream and chapter tag dropped. That
removes the location an iPhone or Android camera writes (the ISO 6709 "location" tag, the
QuickTime location keys and any extra metadata track), the make and model, and the creation
time. Done by ffmpeg, a system package (`make test`/`make run` install it where missing)."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

VIDEO_MAX_UPLOAD_BYTES = 30 * 1024 * 1024
VIDEO_MAX_SECONDS = 60
# ffprobe and ffmpeg run on the server's CPU: a stuck or hostile file is given up on.
_TIMEOUT_SECONDS = 60


def _tools() -> tuple[str, str]:
    ffmpeg, ffprobe = shutil.which("ffmpeg"), shutil.which("ffprobe")
    if not ffmpeg or not ffprobe:
        raise ValidationError(
            _("This server cannot take videos (ffmpeg is not installed). Send photos instead."),
            code="video_unsupported",
        )
    return ffmpeg, ffprobe


def video_probe(path: str | Path) -> dict:
    """ffprobe's JSON view of a file (format and streams, with their tags)."""
    _ffmpeg, ffprobe = _tools()
    result = subprocess.run(  # noqa: S603 — fixed arguments, the path is our own temporary file
        [ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
        capture_output=True,
        timeout=_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        return {}
    return json.loads(result.stdout or b"{}")


def video_sanitise(upload) -> ContentFile:
    """A copy of `upload` (MP4, MOV, WebM, 3GP … whatever ffmpeg reads), as MP4 (WebM for VP8/VP9),
    holding its first video stream and first audio stream, with no metadata. Refused by name: larger than 30 MB, longer than
    60 s, not a video, or a server without ffmpeg."""
    ffmpeg, _ffprobe = _tools()
    size = getattr(upload, "size", None)
    if size is not None and size > VIDEO_MAX_UPLOAD_BYTES:
        raise ValidationError(_("The video is larger than 30 MB."), code="video_too_large")
    with tempfile.TemporaryDirectory(prefix="video-") as workdir:
        source = Path(workdir) / "source"
        with source.open("wb") as out:
            upload.seek(0)
            for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
                out.write(chunk)
        probe = video_probe(source)
        streams = probe.get("streams", [])
        if not any(stream.get("codec_type") == "video" for stream in streams):
            raise ValidationError(_("The file is not a video this site can read."), code="video_unreadable")
        try:
            seconds = float(probe.get("format", {}).get("duration") or 0)
        except ValueError:
            seconds = 0
        if seconds > VIDEO_MAX_SECONDS:
            raise ValidationError(_("The video is longer than one minute."), code="video_too_long")
        # Phone cameras record H.264 or HEVC, which an MP4 holds as it is; a browser's own
        # recording (VP8/VP9 and Opus) goes into WebM instead. Neither is re-encoded.
        for container, suffix in (("mp4", ".mp4"), ("webm", ".webm")):
            target = Path(workdir) / f"clean{suffix}"
            command = [
                ffmpeg, "-v", "error", "-y", "-i", str(source),
                "-map", "0:v:0", "-map", "0:a:0?",
                "-map_metadata", "-1", "-map_metadata:s", "-1", "-map_chapters", "-1",
                "-c", "copy", *(["-movflags", "+faststart"] if container == "mp4" else []),
                "-f", container, str(target),
            ]  # fmt: skip
            result = subprocess.run(command, capture_output=True, timeout=_TIMEOUT_SECONDS, check=False)  # noqa: S603
            if result.returncode == 0 and target.exists() and target.stat().st_size:
                break
        else:
            raise ValidationError(_("The file is not a video this site can read."), code="video_unreadable")
        data = target.read_bytes()
    name = (getattr(upload, "name", "") or "video").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "video"
    return ContentFile(data, name=f"{name[:80]}{suffix}")
