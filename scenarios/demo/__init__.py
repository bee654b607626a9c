"""Demo scenarios, built through scenarios.services.scenario_import and published, so demo and
real content take the same path. Idempotent: a scenario whose slug already exists under its
course is left alone; a missing course is skipped (the content helper builds courses)."""

from django.contrib.auth import get_user_model

from courses.models import CoursePage
from scenarios.demo.content import SCENARIOS
from scenarios.models import RunStatus, ScenarioPage, ScenarioRun
from scenarios.services import scenario_import, scenario_run_choose, scenario_run_start


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
    _demo_plays()


# A few finished plays so the trainer's analytics have something to show.
DEMO_PLAYS = [
    ("trainee", "lift-fault-complaint", ["listen", "empathy", "urgent", "update", "follow_up"]),
    ("trainee2", "lift-fault-complaint", ["shift", "shrug"]),
    ("trainee2", "night-patrol-open-window", ["radio", "watch", "close_with_consent", "log_and_repair"]),
]


def _demo_plays() -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[p[0] for p in DEMO_PLAYS])}
    for username, slug, keys in DEMO_PLAYS:
        user = users.get(username)
        page = ScenarioPage.objects.live().filter(slug=slug).first()
        if user is None or page is None or ScenarioRun.objects.filter(user=user, page=page).exists():
            continue
        run = scenario_run_start(user=user, page=page)
        for key in keys:
            if run.status != RunStatus.ACTIVE:
                break
            run = scenario_run_choose(run=run, choice_key=key).run
