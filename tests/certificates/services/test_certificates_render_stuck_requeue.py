"""A certificate whose render task was lost with its worker is queued again by the periodic sweep,
once per threshold, and ends ready with one file; nothing else is touched."""

import datetime as dt

import pytest
from django.utils import timezone

from certificates.models import Certificate, RenderStatus
from certificates.services import certificates_render_stuck_requeue
from tests.certificates.helpers import render_tasks
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db

STUCK = dt.timedelta(minutes=15)


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("certificates.rendering.certificate_pdf", lambda certificate: b"%PDF-1.7 test")


def pending_since(minutes: int, **kwargs) -> Certificate:
    return CertificateFactory(render_queued_at=timezone.now() - dt.timedelta(minutes=minutes), **kwargs)


def test_a_certificate_pending_past_the_threshold_is_rendered_once(django_capture_on_commit_callbacks):
    certificate = pending_since(20)

    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert certificates_render_stuck_requeue(stuck_after=STUCK) == 1

    assert len(render_tasks(queued)) == 1  # beside it, the holder's notification is queued
    certificate.refresh_from_db()
    assert certificate.status == RenderStatus.READY
    assert certificate.file.name.endswith(f"{certificate.code}.pdf")
    assert certificate.render_attempts == 1
    assert Certificate.objects.filter(user=certificate.user).count() == 1


def test_a_certificate_queued_recently_is_left_to_its_task(django_capture_on_commit_callbacks):
    certificate = pending_since(5)

    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert certificates_render_stuck_requeue(stuck_after=STUCK) == 0

    assert queued == []
    certificate.refresh_from_db()
    assert certificate.status == RenderStatus.PENDING


def test_ready_and_failed_certificates_are_not_queued(django_capture_on_commit_callbacks):
    CertificateFactory(status=RenderStatus.FAILED, render_error="OSError: font", render_queued_at=None)
    ready = pending_since(60, status=RenderStatus.READY, file="certificates/2026/11/x.pdf")

    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert certificates_render_stuck_requeue(stuck_after=STUCK) == 0

    assert queued == []
    ready.refresh_from_db()
    assert ready.file.name == "certificates/2026/11/x.pdf"


def test_a_second_sweep_does_not_queue_it_again_before_the_threshold(django_capture_on_commit_callbacks):
    certificate = pending_since(20)
    with django_capture_on_commit_callbacks(execute=False):  # queued, but the worker has not run it yet
        assert certificates_render_stuck_requeue(stuck_after=STUCK) == 1

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert certificates_render_stuck_requeue(stuck_after=STUCK) == 0
    assert queued == []

    later = timezone.now() + STUCK + dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_render_stuck_requeue(stuck_after=STUCK, now=later) == 1
    certificate.refresh_from_db()
    assert certificate.status == RenderStatus.READY


def test_a_certificate_from_before_the_queue_stamp_counts_from_its_creation(django_capture_on_commit_callbacks):
    old = CertificateFactory(render_queued_at=None)
    Certificate.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    CertificateFactory(render_queued_at=None)  # created just now: its task may still be waiting

    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_render_stuck_requeue(stuck_after=STUCK) == 1

    old.refresh_from_db()
    assert old.status == RenderStatus.READY


def test_rendering_again_a_ready_certificate_keeps_its_file(django_capture_on_commit_callbacks):
    """The sweep and the lost task's twin can both run: the second render changes nothing."""
    from certificates.services import certificate_render

    certificate = pending_since(20)
    first = certificate_render(certificate_id=certificate.pk)
    second = certificate_render(certificate_id=certificate.pk)

    assert second.file.name == first.file.name
    assert second.render_attempts == 1
