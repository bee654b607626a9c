"""Rendering certificate PDFs: queued after the issuing commit, rendered exactly once even when a
task runs twice, retried by trainers, and queued again when a worker lost it."""

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate, RenderStatus
from certificates.notices import CERTIFICATE_ISSUED
from notifications.services import notification_send

logger = logging.getLogger(__name__)

RENDER_ERROR_MAX = 2000


def certificate_render_enqueue(*, certificate_id: int) -> None:
    from certificates.tasks import certificate_render_task

    transaction.on_commit(lambda: certificate_render_task.enqueue(certificate_id=certificate_id))


def certificate_render(*, certificate_id: int) -> Certificate:
    """Render the PDF and mark the certificate ready, or failed with the error for trainers.

    Safe to run twice, also at the same time: the PDF is rendered without holding a lock, then the
    row is locked and only a run that still finds it not ready writes the file and flips the
    status, in one transaction – a certificate is never ready without its file (also a check
    constraint), and a second run neither renders again nor overwrites."""
    from certificates.rendering import certificate_pdf

    certificate = Certificate.objects.select_related(
        "template__background", "template__signature_image", "template__seal_image"
    ).get(pk=certificate_id)
    if (certificate.status == RenderStatus.READY and certificate.file) or certificate.status == RenderStatus.ERASED:
        return certificate
    pdf, error_text = None, ""
    try:
        pdf = certificate_pdf(certificate)
    except Exception as error:  # noqa: BLE001 - any failure is recorded and shown to trainers
        logger.exception("certificate %s failed to render", certificate.pk)
        error_text = f"{type(error).__name__}: {error}"[:RENDER_ERROR_MAX]
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if (locked.status == RenderStatus.READY and locked.file) or locked.status == RenderStatus.ERASED:
            return locked  # a concurrent run finished first, or the holder was erased meanwhile
        locked.render_attempts += 1
        if pdf is None:
            locked.status = RenderStatus.FAILED
            locked.render_error = error_text
            locked.save(update_fields=["status", "render_error", "render_attempts"])
            return locked
        locked.file.save(f"{locked.code}.pdf", ContentFile(pdf), save=False)
        locked.status = RenderStatus.READY
        locked.render_error = ""
        locked.rendered_at = timezone.now()
        locked.save(update_fields=["file", "status", "render_error", "render_attempts", "rendered_at"])
        # The holder hears once the PDF can be downloaded (once per certificate: its key).
        notification_send(
            user_id=locked.user_id,
            key=f"certificate:{locked.pk}:issued",
            notice=CERTIFICATE_ISSUED,
            params={"achievement": locked.achievement},
            url=reverse("certificates:detail", args=[locked.pk]),
        )
    return locked


@transaction.atomic
def certificate_render_retry(*, certificate: Certificate) -> Certificate:
    """Queue a failed (or stuck pending) certificate for rendering again."""
    updated = Certificate.objects.filter(pk=certificate.pk).exclude(
        status__in=[RenderStatus.READY, RenderStatus.ERASED]
    )
    updated.update(status=RenderStatus.PENDING, render_queued_at=timezone.now())
    certificate.refresh_from_db()
    certificate_render_enqueue(certificate_id=certificate.pk)
    return certificate


def certificates_render_stuck_requeue(
    *, now: dt.datetime | None = None, stuck_after: dt.timedelta | None = None
) -> int:
    """Queue again every certificate still pending long after its render was queued.

    A render task lost with its worker (killed, out of memory, host gone) stays claimed for ever
    in the database queue, and its certificate would stay "being prepared" with nobody to finish
    it. Run periodically; safe to run twice and at the same time: rendering is idempotent (a
    second run finds the certificate ready and does nothing), the rows are claimed with
    SKIP LOCKED and stamped, so one sweep queues each certificate once per `stuck_after`. The
    threshold (settings.CERTIFICATE_RENDER_STUCK_SECONDS) must be longer than a render takes
    when the queue is at its busiest, or a queued certificate is queued twice (harmless, wasted)."""
    now = now or timezone.now()
    if stuck_after is None:
        stuck_after = dt.timedelta(seconds=settings.CERTIFICATE_RENDER_STUCK_SECONDS)
    cutoff = now - stuck_after
    with transaction.atomic():
        stuck = list(
            Certificate.objects.select_for_update(skip_locked=True)
            .filter(status=RenderStatus.PENDING)
            .filter(Q(render_queued_at__lt=cutoff) | Q(render_queued_at__isnull=True, created_at__lt=cutoff))
            .values_list("pk", flat=True)
        )
        Certificate.objects.filter(pk__in=stuck).update(render_queued_at=now)
        for certificate_id in stuck:
            certificate_render_enqueue(certificate_id=certificate_id)
    if stuck:
        logger.warning("queued %s certificates stuck pending again: %s", len(stuck), stuck)
    return len(stuck)
