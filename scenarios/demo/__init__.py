"""Demo scenarios, built through scenarios.services.scenario_import and published, so demo and
real content take the same path. Idempotent: a scenario whose slug already exists under its
course is left alone; a missing course is skipped (the content helper builds courses). The demo
staff's plays are part of their history (lms.demo_history)."""

from django.contrib.auth import get_user_model

from courses.models import CoursePage
from scenarios.demo.content import SCENARIOS
from scenarios.models import ScenarioPage
from scenarios.services import scenario_import


def _course(slug: str) -> CoursePage | None:
    return CoursePage.objects.filter(slug=slug).first()


def build() -> None:
    trainer = get_user_model().objects.filter(username="trainer").first()
    for course_slug, document in SCENARIOS:
        course = _course(course_slug)
        if course is None:
            continue
        existing = ScenarioPage.objects.child_of(course).filter(slug=document["slug"]).first()
        if existing is None:
            page = scenario_import(data=document, user=trainer, parent=course)
            page.get_latest_revision().publish(user=trainer)
