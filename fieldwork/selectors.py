"""Reads for field evidence. Who may review whose record: a trainer anyone they can see, a manager
the staff of their scope, HR everyone; nobody their own (org.selectors' rule, current staff)."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, QuerySet

from fieldwork.models import FieldPhoto, FieldRecord, FieldRecordStatus, FieldTask
from org.models import Role, StaffProfile
from org.selectors import staff_managed_by, staff_visible_to, user_role

REVIEWER_ROLES = (Role.MANAGER, Role.TRAINER, Role.HR_ADMIN)


def reviewable_staff(user: AbstractBaseUser) -> QuerySet[StaffProfile]:
    role = user_role(user)
    if role == Role.TRAINER:
        return staff_visible_to(user).filter(left_at__isnull=True).exclude(user=user)
    if role in (Role.MANAGER, Role.HR_ADMIN):
        return staff_managed_by(user).filter(left_at__isnull=True)
    return StaffProfile.objects.none()


def field_tasks_active() -> QuerySet[FieldTask]:
    return FieldTask.objects.filter(is_active=True).prefetch_related("criteria")


def field_task_active_of(*, pk: int) -> FieldTask | None:
    return field_tasks_active().filter(pk=pk).first()


def field_records_mine(*, user: AbstractBaseUser) -> QuerySet[FieldRecord]:
    return FieldRecord.objects.filter(trainee=user).select_related("task").annotate(photo_count=Count("photos"))


def field_records_to_review(*, viewer: AbstractBaseUser) -> QuerySet[FieldRecord]:
    """Records awaiting review from people the viewer may review, oldest first; a constant number
    of queries however many there are."""
    return (
        FieldRecord.objects.filter(
            status=FieldRecordStatus.SUBMITTED,
            trainee__staff_profile__in=reviewable_staff(viewer).values("pk"),
        )
        .select_related("task", "trainee__staff_profile__site")
        .annotate(photo_count=Count("photos"))
        .order_by("submitted_at")
    )


def field_record_of(*, viewer: AbstractBaseUser, pk: int) -> FieldRecord | None:
    """The record if it is the viewer's own or someone's they may review; None otherwise."""
    record = (
        FieldRecord.objects.select_related("task", "trainee__staff_profile__site", "reviewer__staff_profile")
        .prefetch_related("photos", "scores", "task__criteria")
        .filter(pk=pk)
        .first()
    )
    if record is None:
        return None
    if record.trainee_id == viewer.pk or field_record_reviewable_by(viewer=viewer, record=record):
        return record
    return None


def field_record_reviewable_by(*, viewer: AbstractBaseUser, record: FieldRecord) -> bool:
    return reviewable_staff(viewer).filter(user_id=record.trainee_id).exists()


def field_photo_of(*, viewer: AbstractBaseUser, pk: int) -> FieldPhoto | None:
    photo = FieldPhoto.objects.select_related("record").filter(pk=pk).first()
    if photo is None:
        return None
    if photo.record.trainee_id == viewer.pk or field_record_reviewable_by(viewer=viewer, record=photo.record):
        return photo
    return None
