import pytest

from certificates import demo
from certificates.models import Certificate, CertificateRule, CertificateTemplate, RenderStatus
from tests.factories.courses import CoursePageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_builds_templates_rules_and_rendered_certificates_once(catalog):
    programme = ProgrammeFactory(name=demo.ONBOARDING_PROGRAMME)
    for slug in ("culture", "emergency"):
        ProgrammeCourseFactory(programme=programme, course=CoursePageFactory(slug=slug))
    for username in ("trainee", "YG302"):
        StaffProfileFactory(user=UserFactory(username=username))

    demo.build()
    demo.build()

    assert CertificateTemplate.objects.count() == 3
    assert CertificateRule.objects.count() == 3  # programme + two courses present
    certificates = Certificate.objects.all()
    assert certificates.count() == 2
    assert all(certificate.status == RenderStatus.READY for certificate in certificates)
    safety = Certificate.objects.get(user__username="YG302")
    assert safety.live_status() == "expiring"


def test_demo_without_courses_or_staff_still_runs(db):
    demo.build()
    assert CertificateTemplate.objects.count() == 3
    assert not Certificate.objects.exists()
