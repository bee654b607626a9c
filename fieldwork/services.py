"""Writes for field evidence: a person submits a record of a field task with photos; a reviewer
scores it once, and the result is announced for the skills app to log as evidence."""

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.events import event_announce
from core.images import image_sanitise
from core.sanitize import sanitize_text
from core.services import audit_record
from core.videos import video_sanitise
from fieldwork.events import FieldRecordReviewed
from fieldwork.models import FIELD_PHOTOS_MAX, FieldPhoto, FieldRecord, FieldRecordStatus, FieldScore, FieldTask


class FieldRecordAlreadyReviewed(Exception):
    pass


class ScoresDoNotMatchTask(Exception):
    pass


@transaction.atomic
def field_record_submit(
    *, trainee: AbstractBaseUser, task: FieldTask, notes: str = "", photos: list, video=None
) -> FieldRecord:
    """Record a field task as carried out. Each photo is stored only as image_sanitise made it
    (shrunk, upright, no EXIF and so no GPS position), a video only as video_sanitise made it (no
    location, device or time tags); a file that is not a photo or video refuses the whole record
    (ValidationError naming it), so a record never lacks a file its owner sent. Photos (at most
    FIELD_PHOTOS_MAX), a short video, or both; never neither."""
    if not photos and video is None:
        raise ValidationError(_("Add at least one photo or a short video of the work."))
    if len(photos) > FIELD_PHOTOS_MAX:
        raise ValidationError(
            ngettext("Up to %(count)s photo.", "Up to %(count)s photos.", FIELD_PHOTOS_MAX)
            % {"count": FIELD_PHOTOS_MAX}
        )
    cleaned = [image_sanitise(photo) for photo in photos]
    clip = video_sanitise(video) if video is not None else None
    record = FieldRecord.objects.create(trainee=trainee, task=task, notes=sanitize_text(notes)[:2000])
    if clip is not None:
        record.video.save(clip.name, clip, save=True)
    for content in cleaned:
        photo = FieldPhoto(record=record)
        photo.image.save(content.name, content, save=False)
        photo.save()
    return record


@transaction.atomic
def field_record_review(
    *, record: FieldRecord, reviewer: AbstractBaseUser, scores: list[int], note: str = ""
) -> FieldRecord:
    """Score a record once, criterion by criterion (the task's current criteria, in order). The
    row is locked so two reviewers at once cannot both score it; a second review is refused
    (FieldRecordAlreadyReviewed). Passed by the task's pass mark. Audited, and announced
    (FieldRecordReviewed) so it becomes evidence on the person's skill page."""
    locked = FieldRecord.objects.select_for_update().select_related("task").get(pk=record.pk)
    if locked.status != FieldRecordStatus.SUBMITTED:
        raise FieldRecordAlreadyReviewed(f"Field record {locked.pk} was already reviewed.")
    if locked.trainee_id == reviewer.pk:
        raise PermissionError("Nobody reviews their own field record.")
    criteria = list(locked.task.criteria.all())
    if len(scores) != len(criteria) or any(not 0 <= s <= c.max_score for s, c in zip(scores, criteria, strict=False)):
        raise ScoresDoNotMatchTask(f"Task {locked.task_id} needs {len(criteria)} scores within their maxima.")
    total, maximum = sum(scores), sum(c.max_score for c in criteria)
    percent = (Decimal(100 * total) / Decimal(maximum)).quantize(Decimal("0.01")) if maximum else Decimal(0)
    now = timezone.now()
    locked.status = FieldRecordStatus.REVIEWED
    locked.reviewer = reviewer
    locked.reviewed_at = now
    locked.total_score = total
    locked.max_score = maximum
    locked.passed = percent >= locked.task.pass_percent
    locked.review_note = sanitize_text(note)[:2000]
    locked.save()
    FieldScore.objects.bulk_create(
        [
            FieldScore(record=locked, criterion=c.text, score=s, max_score=c.max_score)
            for s, c in zip(scores, criteria, strict=True)
        ]
    )
    audit_record(
        actor=reviewer,
        action="field_record_reviewed",
        obj=locked,
        subject_user=locked.trainee,
        detail={"task": locked.task_id, "score": total, "max_score": maximum, "passed": locked.passed},
    )
    event_announce(
        FieldRecordReviewed(
            record_id=locked.pk,
            user_id=locked.trainee_id,
            reviewer_id=reviewer.pk,
            task_name=locked.task.name,
            competency_code=locked.task.competency_code,
            score=Decimal(total),
            max_score=maximum,
            percent=percent,
            passed=locked.passed,
            reviewed_at=now,
        )
    )
    return locked


def fieldwork_personal_data(*, user_id: int) -> list[dict]:
    """The person's field records for an HR export: what they recorded and how it was scored."""
    records = FieldRecord.objects.filter(trainee_id=user_id).select_related("task").prefetch_related("scores")
    return [
        {
            "task": record.task.name,
            "submitted_at": record.submitted_at.isoformat(),
            "notes": record.notes,
            "photos": record.photos.count(),
            "video": bool(record.video),
            "status": record.status,
            "score": record.total_score,
            "max_score": record.max_score,
            "passed": record.passed,
            "review_note": record.review_note,
            "scores": [
                {"criterion": s.criterion, "score": s.score, "max_score": s.max_score} for s in record.scores.all()
            ],
        }
        for record in records
    ]


def fieldwork_personal_data_erase(*, user_id: int) -> None:
    """A leaver's photos and videos are deleted (files and rows) and the free text of their records
    blanked; the scores stay, as the learning facts the evidence rests on."""
    records = FieldRecord.objects.filter(trainee_id=user_id)
    for photo in FieldPhoto.objects.filter(record__in=records):
        photo.image.delete(save=False)
        photo.delete()
    for record in records.exclude(video=""):
        record.video.delete(save=False)
    records.update(notes="", review_note="", video="")
