"""A certificate's numbers have their range: its score is a percentage (the course's quiz grades,
never scenario points averaged in), its template's validity is 1–120 months."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from certificates.models import Certificate
from courses.models.records import StepSource
from courses.services import step_complete
from tests.factories.certificates import CertificateFactory, CertificateTemplateFactory, CourseRuleFactory
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


def test_the_course_score_is_the_mean_of_its_quiz_grades_not_scenario_points(catalog):
    course = CoursePageFactory(parent=catalog)
    quiz_step, scenario_step = LessonPageFactory(parent=course), LessonPageFactory(parent=course)
    CourseRuleFactory(course=course)
    user = StaffProfileFactory().user
    step_complete(user=user, step=quiz_step, source=StepSource.QUIZ, score=Decimal("80"))
    step_complete(user=user, step=scenario_step, source=StepSource.SCENARIO, score=Decimal("250"))
    assert Certificate.objects.get(user=user).score == Decimal("80.0")


def test_the_database_refuses_a_score_outside_0_to_100():
    certificate = CertificateFactory(score=Decimal("100"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(score=Decimal("100.5"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(score=Decimal("-1"))


def test_a_template_is_valid_for_1_to_120_months():
    template = CertificateTemplateFactory.build(validity_months=121)
    with pytest.raises(ValidationError) as error:
        template.clean_fields()
    assert "validity_months" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateTemplateFactory(validity_months=0)
    assert CertificateTemplateFactory(validity_months=120).validity_months == 120
