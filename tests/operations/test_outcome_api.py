"""The property-management system posts outcomes: idempotent by external id, token-authenticated,
refused with a reason naming the problem, and mapped by the rules to a refresher."""

import pytest
from django.test import Client

from courses.models import CourseEnrolment
from courses.models.records import AssignmentSource
from notifications.models import Notification
from operations.models import OperationsOutcome, OutcomeCategory, RetrainingRule
from tests.factories.courses import CoursePageFactory
from tests.operations.conftest import URL, complaint

pytestmark = pytest.mark.django_db


def post(client, data):
    return client.post(URL, data, content_type="application/json")


def test_the_same_complaint_posted_twice_gives_one_record_and_one_assignment(world, pms, attitude):
    before = CourseEnrolment.objects.filter(user=world.trainee.user, course=world.course).count()
    first = post(pms, complaint(world))
    second = post(pms, complaint(world))
    assert first.status_code == 201, first.content
    assert second.status_code == 200, second.content
    assert first.json()["created"] is True and second.json()["created"] is False
    assert first.json()["enrolment_id"] == second.json()["enrolment_id"]
    assert OperationsOutcome.objects.filter(external_id="C-2026-1001").count() == 1
    # The trainee's open enrolment is the refresher under way: it takes the reason, no second cycle.
    enrolments = CourseEnrolment.objects.filter(user=world.trainee.user, course=world.course)
    assert enrolments.count() == before == 1
    assert "C-2026-1001" in enrolments.get().reason
    assert Notification.objects.filter(user=world.trainee.user, key__startswith="operations:").count() == 1


def test_a_completed_course_starts_a_new_cycle_with_source_operations_and_reason(world, pms, attitude):
    CourseEnrolment.objects.filter(user=world.trainee.user).update(completed_at="2026-11-01T00:00:00Z")
    response = post(pms, complaint(world))
    assert response.status_code == 201
    refresher = CourseEnrolment.objects.get(pk=response.json()["enrolment_id"])
    assert refresher.cycle == 2
    assert refresher.source == AssignmentSource.OPERATIONS
    assert "服务态度" in refresher.reason and "C-2026-1001" in refresher.reason
    assert response.json()["reason"] == refresher.reason


def test_without_a_token_the_post_is_refused_and_nothing_recorded(world, attitude):
    response = post(Client(), complaint(world))
    assert response.status_code == 401
    bad = Client(headers={"Authorization": "Bearer wagtail_nonsense"})
    assert post(bad, complaint(world)).status_code == 401
    assert not OperationsOutcome.objects.exists()


def test_a_manager_token_is_refused(world, attitude):
    from wagtail.models import APIToken

    _, raw = APIToken.create_token(user=world.manager_here.user, name="manager")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert post(client, complaint(world)).status_code == 403
    assert not OperationsOutcome.objects.exists()


def test_an_unknown_employee_is_refused_by_name(world, pms, attitude):
    response = post(pms, complaint(world, employee_number="NOPE-404"))
    assert response.status_code == 400
    assert response.json()["detail"] == "Unknown employee number: NOPE-404"
    assert not OperationsOutcome.objects.exists()


def test_an_unknown_category_is_refused_by_name(world, pms, attitude):
    response = post(pms, complaint(world, category="weather"))
    assert response.status_code == 400
    assert response.json()["detail"] == "Unknown category: weather"
    assert not OperationsOutcome.objects.exists()


def test_an_unknown_kind_is_refused_by_the_schema(world, pms, attitude):
    assert post(pms, complaint(world, kind="compliment")).status_code == 422


def test_an_outcome_without_a_rule_is_recorded_without_assignment(world, pms, attitude):
    response = post(pms, complaint(world, external_id="WO-77", kind="work_order_reopened", category=""))
    assert response.status_code == 201
    assert response.json()["enrolment_id"] is None
    outcome = OperationsOutcome.objects.get(external_id="WO-77")
    assert outcome.rule is None and outcome.enrolment is None
    assert not Notification.objects.filter(key__startswith="operations:").exists()


def test_the_category_rule_wins_over_the_catch_all_of_its_kind(world, pms, attitude):
    safety = CoursePageFactory(parent=world.course.get_parent(), title="安全生产基础", slug="safety-basics")
    RetrainingRule.objects.create(kind="complaint_upheld", category=None, course=safety)
    OutcomeCategory.objects.create(code="noise", name="噪音")
    named = post(pms, complaint(world))
    other = post(pms, complaint(world, external_id="C-2", category="noise"))
    assert named.json()["assigned_course"] == world.course.title
    assert other.json()["assigned_course"] == "安全生产基础"


def test_an_inactive_rule_assigns_nothing(world, pms, attitude):
    RetrainingRule.objects.update(is_active=False)
    assert post(pms, complaint(world)).json()["enrolment_id"] is None


def test_the_summary_is_sanitised(world, pms, attitude):
    post(pms, complaint(world, summary="<script>alert(1)</script>态度生硬"))
    summary = OperationsOutcome.objects.get().summary
    assert "<script>" not in summary and "态度生硬" in summary


def test_the_manager_sees_why_on_the_persons_page(world, pms, attitude):
    reason = post(pms, complaint(world)).json()["reason"]
    from django.urls import reverse

    page = world.client("manager_here").get(reverse("people:staff_detail", args=[world.trainee.pk]))
    assert page.status_code == 200
    assert reason in page.content.decode()
    # and the trainee sees it in their own learning
    mine = world.client("trainee").get(reverse("courses:my_learning"))
    assert reason in mine.content.decode()
