"""Demo skill framework and records: competencies, a four-level ladder per post (客服, 工程, 秩序/安保,
保洁, 绿化, 财务, 管理) whose criteria use the onboarding and post courses, their quizzes and
scenarios, rubrics, and some evidence, assessments and follow-ups for the demo staff so
the manager's dashboard has something to show – including one promotion waiting for `manager`.
The data is in skills/demo_data/*.yaml (read and checked by skills.demo_content).

Built through the services; idempotent (every record is looked up before it is made). Courses are
found by slug and skipped when absent, because the course content is built in parallel."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page

from courses.events import CourseCompleted
from courses.models import CourseEnrolment, CoursePage
from courses.services import course_enrol
from org.models import Post, StaffProfile
from skills.demo_content import FRAMEWORK, LADDERS, LEVELS, RECORDS, RUBRICS, ladder_criteria
from skills.listeners import on_course_completed
from skills.models import (
    Assessment,
    Competency,
    CompetencyArea,
    CourseReaction,
    CriterionKind,
    Evidence,
    EvidenceKind,
    FollowUp,
    FollowUpStatus,
    LevelCriterion,
    LevelLadder,
    LevelRecord,
    PersonalGoal,
    Rubric,
    RubricCriterion,
)
from skills.services import (
    assessment_record,
    course_reaction_submit,
    evidence_record,
    follow_up_evaluate,
    goal_set,
    level_record_create,
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


def _complete_backdated(profile: StaffProfile, slug: str, days_ago: int) -> CourseEnrolment | None:
    """A completion from before the platform (the demo's longer-serving staff): the enrolment is
    closed on that date and the skills intake runs as it would have then."""
    course = _course(slug)
    if course is None:
        return None
    enrolment = course_enrol(user=profile.user, course=course)
    if enrolment.completed_at is None:
        completed_at = timezone.now() - dt.timedelta(days=days_ago)
        CourseEnrolment.objects.filter(pk=enrolment.pk).update(completed_at=completed_at, progress_percent=100)
        enrolment.refresh_from_db()
        on_course_completed(
            CourseCompleted(
                enrolment_id=enrolment.pk,
                user_id=enrolment.user_id,
                course_id=enrolment.course_id,
                completed_at=completed_at,
            )
        )
    return enrolment


def _demo_evidence(profile: StaffProfile, competency: Competency, score: int, days_ago: int, title: str) -> None:
    key = f"{profile.employee_number}:{competency.code}"
    if Evidence.objects.filter(source_type="demo", source_id=key).exists():
        return
    evidence_record(
        user=profile.user,
        kind=EvidenceKind.SCENARIO,
        title=title,
        source_type="demo",
        source_id=key,
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
        competency=competency,
        score=Decimal(score),
        percent=Decimal(score),
        passed=score >= 60,
    )


def _assess(
    profile: StaffProfile, rubric: Rubric, assessor: StaffProfile | None, scores: list[int], notes: str
) -> None:
    if assessor is None or Assessment.objects.filter(trainee=profile.user, rubric=rubric).exists():
        return
    assessment_record(trainee=profile.user, assessor=assessor.user, rubric=rubric, scores=scores, notes=notes)


def _evaluate(
    enrolment: CourseEnrolment | None, months: int, evaluator: StaffProfile | None, rating: int, figures: dict
) -> None:
    if enrolment is None or evaluator is None:
        return
    follow_up = FollowUp.objects.filter(enrolment=enrolment, months=months, status=FollowUpStatus.SCHEDULED).first()
    if follow_up is None:
        return
    defaults = RECORDS["defaults"]
    objectives = [o.pk for o in enrolment.course.objectives.all()][: max(1, rating - 2)]
    follow_up_evaluate(
        follow_up=follow_up,
        evaluator=evaluator.user,
        objectives_met=objectives,
        behaviour_rating=rating,
        figures={metric: (Decimal(str(before)), Decimal(str(after))) for metric, (before, after) in figures.items()},
        owner_satisfaction=Decimal(str(defaults["owner_satisfaction"])),
        notes=defaults["follow_up_notes"],
    )


def _level(profile: StaffProfile, level: int, approver: StaffProfile | None) -> None:
    if profile.post_id and not LevelRecord.objects.filter(user=profile.user, post_id=profile.post_id).exists():
        for step in range(1, level + 1):
            level_record_create(
                user=profile.user,
                post=profile.post,
                level=step,
                approved_by=approver.user if approver else None,
                note=RECORDS["defaults"]["level_note"],
            )


def _react(profile: StaffProfile, slug: str, rating: int, usefulness: int, comment: str) -> None:
    course = _course(slug)
    completed = (
        course and CourseEnrolment.objects.filter(user=profile.user, course=course, completed_at__isnull=False).exists()
    )
    if completed and not CourseReaction.objects.filter(user=profile.user, course=course).exists():
        course_reaction_submit(user=profile.user, course=course, rating=rating, usefulness=usefulness, comment=comment)


def _goals(profile: StaffProfile, goals: list[dict]) -> None:
    if not goals or PersonalGoal.objects.filter(user=profile.user).exists():
        return
    for goal in goals:
        goal_set(user=profile.user, horizon=goal["horizon"], text=goal["text"], target_level=goal["target_level"])


def _records(
    profile: StaffProfile,
    spec: dict,
    *,
    staff: dict[str, StaffProfile],
    competencies: dict[str, Competency],
    rubrics: dict[str, Rubric],
) -> None:
    """One demo employee's records, in the order a real history would have made them: the level
    held before the platform, earlier completions and their follow-ups, then scenario results,
    assessments, course reactions and personal goals."""
    if "level" in spec:
        _level(profile, spec["level"]["level"], staff.get(spec["level"]["approver"]))
    for completion in spec.get("completed", []):
        enrolment = _complete_backdated(profile, completion["course"], completion["days_ago"])
        if "follow_up" in completion:
            follow_up = completion["follow_up"]
            evaluator = staff.get(follow_up["evaluator"])
            _evaluate(enrolment, follow_up["months"], evaluator, follow_up["rating"], follow_up["figures"])
    for evidence in spec.get("evidence", []):
        competency = competencies[evidence["competency"]]
        _demo_evidence(profile, competency, evidence["score"], evidence["days_ago"], evidence["title"])
    for assessment in spec.get("assessments", []):
        assessor = staff.get(assessment["assessor"])
        _assess(profile, rubrics[assessment["rubric"]], assessor, assessment["scores"], assessment["notes"])
    for reaction in spec.get("reactions", []):
        _react(profile, reaction["course"], reaction["rating"], reaction["usefulness"], reaction["comment"])
    _goals(profile, spec.get("goals", []))


def build() -> None:
    competencies = _framework()
    _ladders(competencies)
    rubrics = _rubrics(competencies)
    staff = {p.employee_number: p for p in StaffProfile.objects.select_related("user", "post", "site")}
    for spec in RECORDS["staff"]:
        profile = staff.get(spec["employee"])
        if profile is not None:
            _records(profile, spec, staff=staff, competencies=competencies, rubrics=rubrics)
