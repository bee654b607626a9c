"""Field evidence pages, phone first: record a task with photos, see the result; reviewers score
records of the people in their scope. An id outside the viewer's scope is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fieldwork.forms import FieldRecordForm, FieldReviewForm
from fieldwork.models import FieldRecordStatus
from fieldwork.selectors import (
    REVIEWER_ROLES,
    field_photo_of,
    field_record_of,
    field_record_reviewable_by,
    field_records_mine,
    field_records_to_review,
    field_tasks_active,
)
from fieldwork.services import FieldRecordAlreadyReviewed, field_record_review, field_record_submit
from org.selectors import user_role


def _found[T](obj: T | None) -> T:
    if obj is None:
        raise Http404
    return obj


@login_required
@require_GET
def mine_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "fieldwork/mine.html",
        {"records": field_records_mine(user=request.user), "can_review": user_role(request.user) in REVIEWER_ROLES},
    )


@login_required
def submit_view(request: HttpRequest) -> HttpResponse:
    form = FieldRecordForm(request.POST or None, request.FILES or None, tasks=field_tasks_active())
    if request.method == "POST" and form.is_valid():
        try:
            record = field_record_submit(
                trainee=request.user,
                task=form.cleaned_data["task"],
                notes=form.cleaned_data["notes"],
                photos=form.cleaned_data["photos"],
                video=form.cleaned_data["video"],
            )
        except ValidationError as exc:
            form.add_error("video" if exc.code and str(exc.code).startswith("video") else "photos", exc)
        else:
            messages.success(request, _("Field record sent for review."))
            return redirect("fieldwork:detail", pk=record.pk)
    return render(request, "fieldwork/submit.html", {"form": form})


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    record = _found(field_record_of(viewer=request.user, pk=pk))
    can_review = record.status == FieldRecordStatus.SUBMITTED and field_record_reviewable_by(
        viewer=request.user, record=record
    )
    form = FieldReviewForm(task=record.task) if can_review else None
    return render(request, "fieldwork/detail.html", {"record": record, "form": form})


@login_required
@require_POST
def review_view(request: HttpRequest, pk: int) -> HttpResponse:
    if user_role(request.user) not in REVIEWER_ROLES:
        raise PermissionDenied
    record = _found(field_record_of(viewer=request.user, pk=pk))
    if not field_record_reviewable_by(viewer=request.user, record=record):
        raise Http404
    if record.status != FieldRecordStatus.SUBMITTED:
        messages.info(request, _("This field record is already reviewed."))
        return redirect("fieldwork:detail", pk=record.pk)
    form = FieldReviewForm(request.POST, task=record.task)
    if not form.is_valid():
        return render(request, "fieldwork/detail.html", {"record": record, "form": form}, status=400)
    try:
        field_record_review(record=record, reviewer=request.user, scores=form.scores, note=form.cleaned_data["note"])
    except FieldRecordAlreadyReviewed:
        messages.info(request, _("This field record is already reviewed."))
    else:
        messages.success(request, _("Review saved: it is now evidence on the person's skill page."))
    return redirect("fieldwork:detail", pk=record.pk)


@login_required
@require_GET
def review_list_view(request: HttpRequest) -> HttpResponse:
    if user_role(request.user) not in REVIEWER_ROLES:
        raise PermissionDenied
    return render(
        request, "fieldwork/review_list.html", {"records": list(field_records_to_review(viewer=request.user))}
    )


@login_required
@require_GET
def photo_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Field photos are personal data: served through the scope check, never from /media/."""
    photo = _found(field_photo_of(viewer=request.user, pk=pk))
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def video_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A record's video, through the same scope check as the record (personal data)."""
    record = _found(field_record_of(viewer=request.user, pk=pk))
    if not record.video:
        raise Http404
    kind = "video/webm" if record.video.name.endswith(".webm") else "video/mp4"
    response = FileResponse(record.video.open("rb"), content_type=kind)
    response["Cache-Control"] = "private, no-store"
    return response
