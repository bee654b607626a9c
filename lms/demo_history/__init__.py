"""The demo staff's history, replayed through the services on the days the story says
(lms/demo_data/history.yaml): new hires get the onboarding programme on their first day, people
read lessons, pass quizzes (a trainer marks the essays), play scenarios, are assessed and promoted,
and their managers evaluate the follow-ups that fall due. Certificates, evidence, points, levels
and follow-ups are what the product's own events make of those actions — nothing is written
directly — so `manage.py integrity` finds nothing to report in the demo.

It runs after the content builders (lms.demo) and is idempotent: a person with any learning record
is left as they are."""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate, RenderStatus
from certificates.services import certificate_render
from courses.models import CourseEnrolment, CoursePage, Programme
from courses.models.records import AssignmentSource
from courses.services import programme_assign
from lms.demo_history import actions
from lms.demo_history.actions import DemoStoryError, at, moment
from lms.demo_history.data import DATA_FILE, event_kind, history_load
from org.models import StaffProfile
from scenarios.models import ScenarioPage
from skills.models import Assessment, PersonalGoal, PromotionRecommendation, PromotionStatus, Rubric
from skills.services import (
    assessment_record,
    course_reaction_submit,
    goal_set,
    promotion_decide,
    skill_level_recommend,
)

HISTORY = history_load()


def launch() -> dt.datetime:
    """When the platform went live: the content builders run as of then."""
    return moment(days_ago=HISTORY["launch_days_ago"], hour=9)


class _Story:
    """Lookups the events name (by slug, rubric name, employee number), made once."""

    def __init__(self) -> None:
        self.staff = {p.employee_number: p for p in StaffProfile.objects.select_related("user", "post")}
        self.courses = {c.slug: c for c in CoursePage.objects.all()}
        self.scenarios = {s.slug: s for s in ScenarioPage.objects.live()}
        self.rubrics = {r.name: r for r in Rubric.objects.all()}
        marker = self.staff.get(HISTORY["marker"])
        self.marker = marker.user if marker else None

    def user(self, number: str) -> AbstractBaseUser:
        if number not in self.staff:
            raise DemoStoryError(f"No demo staff {number}.")
        return self.staff[number].user

    def get(self, table: dict, key: str, what: str):
        if key not in table:
            raise DemoStoryError(f"The demo has no {what} “{key}”.")
        return table[key]


def _do(story: _Story, user: AbstractBaseUser, event: dict) -> None:
    kind = event_kind(event, path=DATA_FILE, where=str(event))
    if kind == "finish":
        actions.course_finish(
            user=user, course=story.get(story.courses, event["finish"], "course"), marker=story.marker
        )
    elif kind == "read":
        course = story.get(story.courses, event["read"], "course")
        actions.lessons_read(user=user, course=course, count=event["lessons"])
    elif kind == "play":
        page = story.get(story.scenarios, event["play"], "scenario")
        actions.scenario_play(user=user, page=page, choices=event.get("choices"))
    elif kind == "assess":
        assessment_record(
            trainee=user,
            assessor=story.user(event["assessor"]),
            rubric=story.get(story.rubrics, event["assess"], "rubric"),
            scores=event["scores"],
            notes=event["notes"],
        )
    elif kind == "react":
        course = story.get(story.courses, event["react"], "course")
        course_reaction_submit(
            user=user, course=course, rating=event["rating"], usefulness=event["usefulness"], comment=event["comment"]
        )
    elif kind == "recommend":
        skill_level_recommend(user=user)  # the daily check finds the person ready
        if not PromotionRecommendation.objects.filter(user=user, status=PromotionStatus.PENDING).exists():
            raise DemoStoryError(f"{user} is not ready for promotion on the day the story says.")
    elif kind == "approve":
        recommendation = PromotionRecommendation.objects.filter(user=user, status=PromotionStatus.PENDING).first()
        if recommendation is None:
            raise DemoStoryError(f"No promotion of {user} waits for approval on the day the story says.")
        promotion_decide(
            recommendation=recommendation, decided_by=story.user(event["approve"]), approve=True, note=event["note"]
        )
    elif kind == "goal":
        goal_set(user=user, horizon=event["horizon"], text=event["goal"], target_level=event["target_level"])


def _person(story: _Story, spec: dict) -> None:
    profile = story.staff.get(spec["employee"])
    if profile is None:
        return
    user = profile.user
    if (
        CourseEnrolment.objects.filter(user=user).exists()
        or Assessment.objects.filter(trainee=user).exists()
        or PersonalGoal.objects.filter(user=user).exists()
    ):
        return
    today = timezone.localdate()
    follow_ups = spec.get("follow_ups")
    evaluator = story.user(follow_ups["evaluator"]) if follow_ups else None
    if spec.get("onboarding") and profile.hire_date:
        programme = Programme.objects.filter(name=HISTORY["onboarding_programme"]).first()
        if programme is not None:
            with at(moment(days_ago=(today - profile.hire_date).days, hour=9)):
                programme_assign(programme=programme, user=user, source=AssignmentSource.AUTO, start=profile.hire_date)
    minutes: dict[int, int] = {}
    for event in spec["events"]:
        days_ago = event["days_ago"]
        offset = minutes.get(days_ago, 0)
        minutes[days_ago] = offset + 40
        when = moment(days_ago=days_ago, hour=event.get("hour", 10) + offset // 60, minute=offset % 60)
        if follow_ups:
            actions.follow_ups_evaluate_due(
                user=user,
                until=timezone.localdate(when) - dt.timedelta(days=1),
                evaluator=evaluator,
                spec=follow_ups,
                defaults=HISTORY["defaults"],
            )
        with at(when):
            _do(story, user, event)
    if follow_ups:
        actions.follow_ups_evaluate_due(
            user=user, until=today, evaluator=evaluator, spec=follow_ups, defaults=HISTORY["defaults"]
        )


def build() -> None:
    story = _Story()
    for spec in HISTORY["staff"]:
        with transaction.atomic():
            _person(story, spec)
    # The task workers render certificates after the issuing commit; the demo does it now, so
    # its certificates open at once.
    for certificate_id in Certificate.objects.exclude(status__in=[RenderStatus.READY, RenderStatus.ERASED]).values_list(
        "pk", flat=True
    ):
        certificate_render(certificate_id=certificate_id)
