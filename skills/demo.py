"""Demo skill framework: competencies, a four-level ladder per post (客服, 工程, 秩序/安保, 保洁, 绿化,
财务, 管理) whose criteria use the onboarding and post courses, their quizzes and scenarios, and the
rubrics supervisors assess with. The data is in skills/demo_data/*.yaml (read and checked by
skills.demo_content). The demo staff's evidence, assessments, levels and follow-ups are their
history (lms.demo_history), made through the same services as real people's.

Built through the services; idempotent (every record is looked up before it is made). Courses are
found by slug and skipped when absent, because the course content is built in parallel."""

from decimal import Decimal

from wagtail.models import Page

from courses.models import CoursePage
from org.models import Post
from skills.demo_content import FRAMEWORK, LADDERS, LEVELS, RUBRICS, ladder_criteria
from skills.models import (
    Competency,
    CompetencyArea,
    CriterionKind,
    LevelCriterion,
    LevelLadder,
    Rubric,
    RubricCriterion,
)


def _framework() -> dict[str, Competency]:
    competencies = {}
    order = 0
    for area_order, area_spec in enumerate(FRAMEWORK, start=1):
        area, _ = CompetencyArea.objects.update_or_create(
            code=area_spec["code"], defaults={"name": area_spec["name"], "sort_order": area_order}
        )
        for spec in area_spec["competencies"]:
            competencies[spec["code"]], _ = Competency.objects.update_or_create(
                code=spec["code"],
                defaults={"area": area, "name": spec["name"], "description": spec["description"], "sort_order": order},
            )
            order += 1
    return competencies


def _course(slug: str) -> CoursePage | None:
    return CoursePage.objects.filter(slug=slug).first()


def _quiz_step(course: CoursePage | None):
    """A course's quiz: its first quiz step (in `practice`, the onboarding final exam), if the quiz
    app and the content are there."""
    if course is None:
        return None
    for step in course.get_children().specific():
        if type(step).__name__.lower().startswith("quiz"):
            return step
    return None


def _scenario_step(slug: str):
    """A scenario page by its slug (the demo's are unique), if the scenario content is there.
    Found as a Wagtail page, since skills does not import the scenarios app."""
    return Page.objects.filter(slug=slug).first()


def _ladders(competencies: dict[str, Competency]) -> None:
    posts = {p.code: p for p in Post.objects.all()}
    for post_code, spec in LADDERS["ladders"].items():
        post = posts.get(post_code)
        if post is None:
            continue
        ladder, created = LevelLadder.objects.get_or_create(
            post=post, defaults={"description": f"{post.name}岗位技能等级"}
        )
        if created:
            ladder.competencies.set([competencies[c] for c in spec["competencies"]])
            ladder.save()
        if ladder.criteria.exists():
            continue
        order = 0
        for level in LEVELS:
            for criterion in ladder_criteria(LADDERS, post=post_code, level=level):
                kind, slug, code = criterion["kind"], criterion.get("course"), criterion.get("competency")
                threshold = criterion.get("threshold")
                course = _course(slug) if slug else None
                page = None
                if kind == CriterionKind.QUIZ_SCORE:
                    page = _quiz_step(course)
                    if page is None:
                        continue
                    course = None
                elif slug and course is None:
                    continue
                if criterion.get("scenario"):
                    page = _scenario_step(criterion["scenario"])
                    if page is None:
                        continue
                LevelCriterion.objects.create(
                    ladder=ladder,
                    level=level,
                    kind=kind,
                    course=course,
                    page=page,
                    competency=competencies.get(code) if code else None,
                    threshold=Decimal(str(threshold)) if threshold is not None else None,
                    months=criterion.get("months"),
                    sort_order=order,
                )
                order += 1


def _rubrics(competencies: dict[str, Competency]) -> dict[str, Rubric]:
    rubrics = {}
    for spec in RUBRICS["rubrics"]:
        rubric, created = Rubric.objects.get_or_create(
            name=spec["name"],
            defaults={
                "kind": spec["kind"],
                "competency": competencies[spec["competency"]],
                "pass_percent": RUBRICS["pass_percent"],
            },
        )
        if created:
            for index, criterion in enumerate(spec["criteria"]):
                RubricCriterion.objects.create(
                    rubric=rubric, text=criterion["text"], max_score=criterion["max_score"], sort_order=index
                )
        rubrics[spec["name"]] = rubric
    return rubrics


def build() -> None:
    competencies = _framework()
    _ladders(competencies)
    _rubrics(competencies)
