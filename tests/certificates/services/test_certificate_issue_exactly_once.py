"""Exactly-once issue: whatever announces an achievement again – a completion delivered twice, a
task run twice, a renewal clicked twice – there is one certificate row and one render queued for
it. Only the call that created the row may queue the PDF (certificates.services.issuing)."""

import pytest
from django.tasks.signals import task_enqueued

from certificates.models import Certificate, RenderStatus
from certificates.services import (
    certificate_issue,
    certificate_renew,
    certificates_issue_for_course,
    certificates_issue_for_programme,
)
from certificates.tasks import certificate_render_task
from courses.models import CourseEnrolment
from courses.services import course_enrol, lesson_mark_done, programme_assign
from tests.factories.certificates import CertificateTemplateFactory, CourseRuleFactory, ProgrammeRuleFactory
from tests.factories.courses import LessonPageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(catalog):
    return StaffProfileFactory()


@pytest.fixture
def renders(monkeypatch, settings, tmp_path):
    """Counts what the issuing services ask of rendering: the render tasks enqueued (the test
    settings run them at once, on the immediate backend) and the PDFs actually drawn."""
    settings.MEDIA_ROOT = tmp_path
    counts = {"enqueued": [], "pdfs": []}

    def on_enqueued(sender, task_result, **kwargs):
        if task_result.task.module_path == certificate_render_task.module_path:
            counts["enqueued"].append(task_result.kwargs["certificate_id"])

    def pdf(certificate):
        counts["pdfs"].append(certificate.pk)
        return b"%PDF-1.7 test"

    monkeypatch.setattr("certificates.rendering.certificate_pdf", pdf)
    task_enqueued.connect(on_enqueued, dispatch_uid="test_certificate_issue_exactly_once")
    yield counts
    task_enqueued.disconnect(dispatch_uid="test_certificate_issue_exactly_once")


def test_issuing_the_same_achievement_twice_queues_one_render(staff, renders, django_capture_on_commit_callbacks):
    template = CertificateTemplateFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first, created = certificate_issue(
            user=staff.user, template=template, achievement_key="course:7", achievement="A"
        )
    with django_capture_on_commit_callbacks(execute=True):
        again, created_again = certificate_issue(
            user=staff.user, template=template, achievement_key="course:7", achievement="A"
        )

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Certificate.objects.filter(user=staff.user).count() == 1
    assert renders["enqueued"] == [first.pk]
    assert renders["pdfs"] == [first.pk]
    first.refresh_from_db()
    assert first.status == RenderStatus.READY


def test_a_course_completion_announced_twice_issues_and_renders_once(
    staff, renders, django_capture_on_commit_callbacks
):
    lesson = LessonPageFactory()
    CourseRuleFactory(course=lesson.get_parent().specific)

    with django_capture_on_commit_callbacks(execute=True):
        lesson_mark_done(user=staff.user, lesson=lesson)
    enrolment = CourseEnrolment.objects.get(user=staff.user, course=lesson.get_parent().specific)
    # The same completion delivered again (a retried task, a listener run twice).
    with django_capture_on_commit_callbacks(execute=True):
        [again] = certificates_issue_for_course(enrolment=enrolment)

    certificate = Certificate.objects.get(user=staff.user)
    assert again.pk == certificate.pk
    assert renders["enqueued"] == [certificate.pk]
    assert renders["pdfs"] == [certificate.pk]


def test_a_course_completion_announced_twice_in_one_transaction_queues_one_render(
    staff, renders, django_capture_on_commit_callbacks
):
    lesson = LessonPageFactory()
    rule = CourseRuleFactory(course=lesson.get_parent().specific)
    enrolment = course_enrol(user=staff.user, course=rule.course)

    with django_capture_on_commit_callbacks(execute=True):
        [first] = certificates_issue_for_course(enrolment=enrolment)
        [again] = certificates_issue_for_course(enrolment=enrolment)

    assert again.pk == first.pk
    assert Certificate.objects.filter(user=staff.user).count() == 1
    assert renders["enqueued"] == [first.pk]


def test_a_programme_completion_repeated_issues_and_renders_once(staff, renders, django_capture_on_commit_callbacks):
    programme = ProgrammeFactory()
    lessons = [LessonPageFactory() for _ in range(2)]
    for lesson in lessons:
        ProgrammeCourseFactory(programme=programme, course=lesson.get_parent().specific)
    ProgrammeRuleFactory(programme=programme)
    assignment = programme_assign(programme=programme, user=staff.user)

    with django_capture_on_commit_callbacks(execute=True):
        for lesson in lessons:
            lesson_mark_done(user=staff.user, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        [again] = certificates_issue_for_programme(assignment=assignment)
        [third] = certificates_issue_for_programme(assignment=assignment)

    certificate = Certificate.objects.get(user=staff.user, achievement_key=f"programme:{programme.pk}")
    assert again.pk == third.pk == certificate.pk
    assert Certificate.objects.filter(user=staff.user).count() == 1
    assert renders["enqueued"] == [certificate.pk]
    assert renders["pdfs"] == [certificate.pk]


def test_renewing_twice_issues_and_renders_one_renewal(staff, renders, django_capture_on_commit_callbacks):
    template = CertificateTemplateFactory(validity_months=12)
    with django_capture_on_commit_callbacks(execute=True):
        original, _created = certificate_issue(
            user=staff.user, template=template, achievement_key="course:8", achievement="A"
        )

    with django_capture_on_commit_callbacks(execute=True):
        renewal = certificate_renew(certificate=original)
    with django_capture_on_commit_callbacks(execute=True):
        again = certificate_renew(certificate=original)

    assert again.pk == renewal.pk != original.pk
    assert Certificate.objects.filter(user=staff.user).count() == 2
    assert renders["enqueued"] == [original.pk, renewal.pk]
    assert renders["pdfs"] == [original.pk, renewal.pk]
