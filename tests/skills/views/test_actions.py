import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.models import AuditEvent
from courses.models import CourseEnrolment
from skills.events import SkillLevelApproved
from skills.models import (
    Assessment,
    CourseReaction,
    Evidence,
    EvidenceKind,
    FollowUpStatus,
    LevelRecord,
    PersonalGoal,
    PromotionStatus,
)
from tests.factories.courses import CoursePageFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db

APPROVED: list = []


def record_approval(event: SkillLevelApproved) -> None:
    APPROVED.append(event.level_record_id)


@pytest.fixture
def manager(client, world):
    client.force_login(world.manager_a.user)
    return client


def test_manager_records_a_follow_up_evaluation_with_checklist_and_figures(manager, world):
    objectives = list(world.course.objectives.all())
    response = manager.post(
        reverse("skills:follow_up", args=[world.follow_up_a.pk]),
        {
            "objectives": [objectives[0].pk],
            "behaviour_rating": "4",
            "complaints_before": "6",
            "complaints_after": "2",
            "owner_satisfaction": "92",
            "notes": "能主动回访",
        },
    )
    assert response.status_code == 302
    world.follow_up_a.refresh_from_db()
    assert world.follow_up_a.status == FollowUpStatus.DONE
    evaluation = world.follow_up_a.evaluation
    assert [item["met"] for item in evaluation.checklist] == [True, False]
    assert [(f.metric, f.before, f.after) for f in evaluation.figures.all()] == [
        ("complaints", Decimal("6.00"), Decimal("2.00"))
    ]
    evidence = Evidence.objects.get(kind=EvidenceKind.FOLLOW_UP)
    assert (
        evidence.rating == 4 and evidence.user == world.trainee_a.user and evidence.recorded_by == world.manager_a.user
    )
    html = manager.get(reverse("skills:course_report", args=[world.course.pk])).content.decode()
    assert "4.0/5" in html and "6.0 → 2.0" in html


def test_follow_up_figures_need_both_before_and_after(manager, world):
    response = manager.post(
        reverse("skills:follow_up", args=[world.follow_up_a.pk]), {"behaviour_rating": "3", "complaints_before": "6"}
    )
    assert response.status_code == 200
    world.follow_up_a.refresh_from_db()
    assert world.follow_up_a.status == FollowUpStatus.SCHEDULED


def test_approving_a_promotion_appends_the_level_audits_and_runs_the_hook(manager, world, settings):
    settings.LMS_EVENT_LISTENERS = {
        **settings.LMS_EVENT_LISTENERS,
        "skills.events.SkillLevelApproved": ["tests.skills.views.test_actions.record_approval"],
    }
    APPROVED.clear()
    response = manager.post(
        reverse("skills:promotion_decide", args=[world.promotion_a.pk]),
        {"decision": "approve", "note": "表现稳定", "next": "dashboard", "confirmed": "1"},
    )
    assert response["Location"] == reverse("skills:dashboard")
    record = LevelRecord.objects.get(user=world.trainee_a.user)
    assert record.level == 1 and record.approved_by == world.manager_a.user
    assert [record.pk] == APPROVED
    event = AuditEvent.objects.get(action=AuditEvent.Action.PROMOTION_DECISION)
    assert event.subject_user == world.trainee_a.user and event.detail["decision"] == "approved"
    again = manager.post(
        reverse("skills:promotion_decide", args=[world.promotion_a.pk]), {"decision": "approve", "confirmed": "1"}
    )
    assert again.status_code == 302
    assert LevelRecord.objects.filter(user=world.trainee_a.user).count() == 1


def test_approving_a_promotion_asks_once_more_and_says_what_will_happen(manager, world):
    url = reverse("skills:promotion_decide", args=[world.promotion_a.pk])
    response = manager.post(url, {"decision": "approve", "note": "表现稳定", "next": "dashboard"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="promotion-confirm"' in html and world.trainee_a.name in html
    assert 'name="confirmed" value="1"' in html and 'value="表现稳定"' in html
    world.promotion_a.refresh_from_db()
    assert world.promotion_a.status == PromotionStatus.PENDING  # the first tap decides nothing
    assert not LevelRecord.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PROMOTION_DECISION).exists()
    response = manager.post(url, {"decision": "approve", "note": "表现稳定", "next": "dashboard", "confirmed": "1"})
    assert response["Location"] == reverse("skills:dashboard")
    world.promotion_a.refresh_from_db()
    assert world.promotion_a.status == PromotionStatus.APPROVED
    assert LevelRecord.objects.get(user=world.trainee_a.user).note == "表现稳定"


def test_an_approval_page_is_never_a_get(manager, world):
    assert manager.get(reverse("skills:promotion_decide", args=[world.promotion_a.pk])).status_code == 405


def test_rejecting_needs_a_note(manager, world):
    manager.post(reverse("skills:promotion_decide", args=[world.promotion_a.pk]), {"decision": "reject"})
    world.promotion_a.refresh_from_db()
    assert world.promotion_a.status == PromotionStatus.PENDING
    manager.post(
        reverse("skills:promotion_decide", args=[world.promotion_a.pk]), {"decision": "reject", "note": "再观察一个月"}
    )
    world.promotion_a.refresh_from_db()
    assert world.promotion_a.status == PromotionStatus.REJECTED and not LevelRecord.objects.exists()


def _png(size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return SimpleUploadedFile("drill.png", buffer.getvalue(), content_type="image/png")


def test_manager_records_a_practical_assessment_with_a_photo(manager, world):
    url = reverse("skills:assessment_create", args=[world.trainee_a.user_id, world.rubric.pk])
    assert manager.get(url).status_code == 200
    response = manager.post(
        url, {"score_0": "5", "score_1": "3", "outcome": "auto", "notes": "动作规范", "photo": _png()}
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.total_score, assessment.max_score, assessment.passed) == (8, 10, True)
    assert assessment.photo.name.endswith(".png")
    evidence = Evidence.objects.get(kind=EvidenceKind.PRACTICAL)
    assert evidence.percent == Decimal("80.00") and evidence.competency == world.rubric.competency


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png"),
        SimpleUploadedFile("x.html", b"<html></html>", content_type="text/html"),
    ],
)
def test_a_photo_that_is_not_an_image_is_refused(manager, world, upload):
    url = reverse("skills:assessment_create", args=[world.trainee_a.user_id, world.rubric.pk])
    response = manager.post(url, {"score_0": "5", "score_1": "5", "outcome": "auto", "photo": upload})
    assert response.status_code == 200 and not Assessment.objects.exists()


def test_a_photo_over_5_mb_is_refused(manager, world, monkeypatch):
    import skills.forms

    monkeypatch.setattr(skills.forms, "PHOTO_MAX_BYTES", 10)
    url = reverse("skills:assessment_create", args=[world.trainee_a.user_id, world.rubric.pk])
    response = manager.post(url, {"score_0": "5", "score_1": "5", "outcome": "auto", "photo": _png()})
    assert response.status_code == 200 and not Assessment.objects.exists()


def test_assessor_can_overrule_the_pass_mark(manager, world):
    url = reverse("skills:assessment_create", args=[world.trainee_a.user_id, world.rubric.pk])
    manager.post(url, {"score_0": "5", "score_1": "5", "outcome": "fail"})
    assert Assessment.objects.get().passed is False


def test_trainers_assess_anyone_but_cannot_decide_promotions(client, world):
    from tests.factories.org import TrainerFactory

    client.force_login(TrainerFactory().user)
    url = reverse("skills:assessment_create", args=[world.trainee_b.user_id, world.rubric.pk])
    assert client.post(url, {"score_0": "2", "score_1": "2", "outcome": "auto"}).status_code == 302
    assert (
        client.post(
            reverse("skills:promotion_decide", args=[world.promotion_b.pk]), {"decision": "approve"}
        ).status_code
        == 403
    )


def test_manager_corrects_evidence_by_appending(manager, world):
    entry = Evidence.objects.filter(user=world.trainee_a.user, kind=EvidenceKind.SCENARIO).get()
    manager.post(reverse("skills:evidence_correct", args=[entry.pk]), {"action": "withdraw", "note": "重复录入"})
    assert Evidence.objects.filter(user=world.trainee_a.user, kind=EvidenceKind.SCENARIO).count() == 2
    assert not Evidence.objects.active().filter(user=world.trainee_a.user, kind=EvidenceKind.SCENARIO).exists()


def test_trainee_sees_level_points_goals_and_sets_a_goal(client, world):
    client.force_login(world.trainee_a.user)
    html = client.get(reverse("skills:mine")).content.decode()
    assert "投诉处理" in html  # course completed → evidence, points, and a course to rate
    client.post(reverse("skills:goal_create"), {"horizon": "1-3", "text": "独立处理投诉", "target_level": "2"})
    goal = PersonalGoal.objects.get(user=world.trainee_a.user)
    client.post(reverse("skills:goal_achieve", args=[goal.pk]))
    goal.refresh_from_db()
    assert goal.target_level == 2 and goal.achieved_at is not None


def _goal_item(html: str, goal) -> str:
    start = html.index(f'data-goal="{goal.pk}"')
    return html[start : html.index("</li>", start)]


def test_an_open_goal_offers_to_mark_it_achieved_and_an_achieved_goal_says_so(client, world):
    goal = PersonalGoal.objects.create(user=world.trainee_a.user, horizon="1-3", text="独立处理投诉")
    client.force_login(world.trainee_a.user)
    item = _goal_item(client.get(reverse("skills:mine")).content.decode(), goal)
    assert "Mark as achieved" in item and "Achieved on" not in item
    assert 'method="post"' in item
    assert client.get(reverse("skills:goal_achieve", args=[goal.pk])).status_code == 405  # a GET changes nothing
    goal.refresh_from_db()
    assert goal.achieved_at is None
    client.post(reverse("skills:goal_achieve", args=[goal.pk]))
    goal.refresh_from_db()
    item = _goal_item(client.get(reverse("skills:mine")).content.decode(), goal)
    assert f"Achieved on {timezone.localdate(goal.achieved_at):%Y-%m-%d}" in item  # the reader's (Shanghai) date
    assert "Mark as achieved" not in item and "<form" not in item


def test_trainee_cannot_mark_someone_elses_goal(client, world):
    goal = PersonalGoal.objects.create(user=world.trainee_b.user, horizon="1-3", text="x")
    client.force_login(world.trainee_a.user)
    assert client.post(reverse("skills:goal_achieve", args=[goal.pk])).status_code == 404


def test_only_a_trainee_who_completed_the_course_can_rate_it(client, world, catalog):
    client.force_login(world.trainee_a.user)
    url = reverse("skills:reaction", args=[world.course.pk])
    client.post(url, {"rating": "5", "usefulness": "4", "comment": "<b>很实用</b>"})
    reaction = CourseReaction.objects.get(user=world.trainee_a.user)
    assert (reaction.rating, reaction.comment) == (5, "很实用")
    other = CoursePageFactory(parent=catalog)
    CourseEnrolment.objects.create(user=world.trainee_a.user, course=other)
    assert client.get(reverse("skills:reaction", args=[other.pk])).status_code == 404


def test_the_person_page_shows_a_radar_without_inline_scripts_or_styles(manager, world):
    from skills.services import evidence_record
    from tests.factories.skills import CompetencyFactory

    for code, percent in (("empathize", 70), ("safety", 95)):
        evidence_record(
            user=world.trainee_a.user,
            kind=EvidenceKind.SCENARIO,
            title="x",
            source_type="t",
            competency=CompetencyFactory(code=code),
            percent=percent,
            score=percent,
        )
    html = manager.get(reverse("skills:person", args=[world.trainee_a.user_id])).content.decode()
    assert '<svg class="radar"' in html and "<polygon" in html
    assert "style=" not in html and "<script>" not in html
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_VIEW, subject_user=world.trainee_a.user).exists()


def test_dashboard_queries_do_not_grow_with_staff(manager, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert manager.get(reverse("skills:dashboard")).status_code == 200
    for index in range(30):
        profile = StaffProfileFactory(site=world.trainee_a.site, post=world.trainee_a.post, manager=world.manager_a)
        from skills.services import evidence_record

        evidence_record(
            user=profile.user,
            kind=EvidenceKind.SCENARIO,
            title="x",
            source_type="t",
            competency=world.rubric.competency,
            percent=50 + index,
            score=1,
        )
    with django_assert_max_num_queries(len(small)):
        html = manager.get(reverse("skills:dashboard")).content.decode()
    assert html.count('class="cell lvl-') > 30


def test_assessment_photos_are_served_only_within_scope(client, world):
    url = reverse("skills:assessment_create", args=[world.trainee_a.user_id, world.rubric.pk])
    client.force_login(world.manager_a.user)
    client.post(url, {"score_0": "5", "score_1": "3", "outcome": "auto", "photo": _png()})
    photo_url = reverse("skills:assessment_photo", args=[Assessment.objects.get().pk])
    assert photo_url in client.get(reverse("skills:person", args=[world.trainee_a.user_id])).content.decode()
    response = client.get(photo_url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    client.force_login(world.manager_b.user)
    assert client.get(photo_url).status_code == 404
    client.force_login(world.trainee_b.user)
    assert client.get(photo_url).status_code == 403
    client.force_login(world.trainee_a.user)
    assert client.get(photo_url).status_code == 200
