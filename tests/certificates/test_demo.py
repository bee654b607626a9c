import pytest

from certificates import demo
from certificates.models import Certificate, CertificateRule, CertificateTemplate
from tests.factories.courses import CoursePageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_builds_templates_and_rules_once_and_issues_nothing_by_itself(catalog):
    """Certificates come from the staff's completions (lms.demo_history), never from the rules
    being made."""
    programme = ProgrammeFactory(name=demo.ONBOARDING_PROGRAMME)
    for slug in ("culture", "emergency"):
        ProgrammeCourseFactory(programme=programme, course=CoursePageFactory(slug=slug))
    for username in ("trainee", "YG302"):
        StaffProfileFactory(user=UserFactory(username=username))

    demo.build()
    demo.build()

    assert CertificateTemplate.objects.count() == 3
    assert CertificateRule.objects.count() == 3  # programme + two courses present
    safety = CertificateRule.objects.get(course__slug="emergency")
    assert safety.template.validity_months == 12
    assert not Certificate.objects.exists()


def test_demo_without_courses_or_staff_still_runs(db):
    demo.build()
    assert CertificateTemplate.objects.count() == 3
    assert not Certificate.objects.exists()
