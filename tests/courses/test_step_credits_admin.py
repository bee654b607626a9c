"""A trainer sets credit hours on steps of a course in the course's editor (courses.CourseStepCredit);
a page that is not a step of that course is refused."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.models import CourseStepCredit
from org.models import Role
from org.services import staff_upsert
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import SiteFactory

pytestmark = pytest.mark.django_db


def trainer():
    profile, _ = staff_upsert(
        employee_number="TR9", name="培训师", role=Role.TRAINER, site=SiteFactory(), password="pw-1"
    )
    return profile.user


def course_data(course, credits) -> dict:
    return nested_form_data(
        {
            "title": course.title,
            "slug": course.slug,
            "summary": "",
            "subject_area": course.subject_area,
            "kind": course.kind,
            "estimated_hours": "6.0",
            "intro": rich_text("<p>简介</p>"),
            "objectives": inline_formset([{"text": o.text} for o in course.objectives.all()], min=1),
            "follow_up_months": "1,3,6",
            "step_credits": inline_formset(credits),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )


def test_a_trainer_credits_two_steps_of_a_course(client, catalog):
    course = CoursePageFactory(parent=catalog)
    first, second = LessonPageFactory(parent=course), LessonPageFactory(parent=course)
    client.force_login(trainer())
    data = course_data(course, [{"step": first.pk, "credit_hours": "1.5"}, {"step": second.pk, "credit_hours": "2.0"}])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data)
    assert response.status_code == 302
    credits = dict(CourseStepCredit.objects.filter(course=course).values_list("step_id", "credit_hours"))
    assert {k: str(v) for k, v in credits.items()} == {first.pk: "1.5", second.pk: "2.0"}
    # The editor shows them again.
    page = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    assert "step_credits-TOTAL_FORMS" in page and 'value="1.5"' in page


def test_a_page_that_is_not_a_step_of_the_course_is_refused(client, catalog):
    course, other = CoursePageFactory(parent=catalog), CoursePageFactory(parent=catalog)
    elsewhere = LessonPageFactory(parent=other)
    client.force_login(trainer())
    data = course_data(course, [{"step": elsewhere.pk, "credit_hours": "1.0"}])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data)
    assert response.status_code == 200
    assert "Choose a step of this course." in response.content.decode()
    assert not CourseStepCredit.objects.exists()


def test_a_step_credited_twice_is_refused(client, catalog):
    course = CoursePageFactory(parent=catalog)
    step = LessonPageFactory(parent=course)
    client.force_login(trainer())
    data = course_data(course, [{"step": step.pk, "credit_hours": "1.0"}, {"step": step.pk, "credit_hours": "2.0"}])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data)
    assert response.status_code == 200
    assert "error" in response.content.decode()
    assert not CourseStepCredit.objects.exists()
