"""Who a user may act on, and one person's skill profile."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Avg, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language

from core.cache import PERSON_RECORDS_GENERATION_KEY, PERSON_RECORDS_GENERATION_TIMEOUT, generation_cached
from courses.models import CourseEnrolment, CoursePage
from org.models import Role, StaffProfile
from org.selectors import staff_managed_by, staff_visible_to, user_role
from skills.charts import Radar, proficiency_level, radar_chart
from skills.engine import PersonLevel, level_evaluate
from skills.framework_cache import competencies_all, competencies_of_post, framework_generations
from skills.models import (
    Assessment,
    Competency,
    CourseReaction,
    Evidence,
    FollowUp,
    LearningPointEntry,
    LevelRecord,
    PersonalGoal,
    PromotionRecommendation,
    PromotionStatus,
    Rubric,
)

PROFILE_RELATED = ("site", "post", "user")


def managed_staff(user: AbstractBaseUser) -> QuerySet[StaffProfile]:
    """Staff a manager (or HR) may evaluate, promote and export: org's rule, current staff only."""
    return staff_managed_by(user).filter(left_at__isnull=True)


def assessable_staff(user: AbstractBaseUser) -> QuerySet[StaffProfile]:
    """Staff a user may assess on the job: managers their team, trainers anyone they can see
    (they run practical assessments company-wide), HR everyone; never themselves."""
    role = user_role(user)
    if role == Role.TRAINER:
        return staff_visible_to(user).filter(left_at__isnull=True).exclude(user=user)
    return managed_staff(user)


def assessable_profile_of(*, viewer: AbstractBaseUser, user_id: int) -> StaffProfile | None:
    """The profile of someone the viewer may assess (see assessable_staff); None for anyone
    outside that scope, which views answer as not found so an id reveals nothing."""
    return assessable_staff(viewer).select_related(*PROFILE_RELATED).filter(user_id=user_id).first()


def user_is_assessable_by(*, viewer: AbstractBaseUser, user_id: int) -> bool:
    """Whether the viewer may assess (and so see the assessment records of) this user."""
    return assessable_staff(viewer).filter(user_id=user_id).exists()


def staff_profile_own(*, user: AbstractBaseUser) -> StaffProfile | None:
    """The user's own staff profile; None for an account without one (it has no skill profile)."""
    return StaffProfile.objects.select_related(*PROFILE_RELATED).filter(user=user).first()


@dataclass
class CompetencyScore:
    competency: Competency
    percent: float | None

    @property
    def level(self) -> int:
        return proficiency_level(self.percent)


@dataclass
class PersonSkills:
    profile: StaffProfile
    level: PersonLevel
    scores: list[CompetencyScore]
    radar: Radar | None
    evidence: list[Evidence]
    history: list[LevelRecord]
    points: int
    goals: list[PersonalGoal]
    assessments: list[Assessment] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    pending: PromotionRecommendation | None = None


def _competency_scores(profile: StaffProfile) -> list[CompetencyScore]:
    averages = dict(
        Evidence.objects.active()
        .filter(user_id=profile.user_id, competency__isnull=False, percent__isnull=False)
        .values_list("competency_id")
        .annotate(avg=Avg("percent"))
    )
    competencies = competencies_of_post(profile.post_id)
    outside = averages.keys() - {c.pk for c in competencies}
    if outside:  # evidence outside the post's ladder still shows
        competencies += [c for c in competencies_all() if c.pk in outside]
    competencies.sort(key=lambda c: (c.area.sort_order, c.sort_order, c.code))
    return [CompetencyScore(c, float(averages[c.pk]) if c.pk in averages else None) for c in competencies]


def person_skills(*, profile: StaffProfile, evidence_limit: int = 50, records: bool = True) -> PersonSkills:
    """Everything the person page shows; the caller has checked the viewer may see this person.
    Without `records`, the level history, assessments and follow-ups are left empty and the
    evidence comes without its competency and recorder (my skills does not show them)."""
    scores = _competency_scores(profile)
    skills = PersonSkills(
        profile=profile,
        level=level_evaluate(profile=profile),
        scores=scores,
        radar=radar_chart([(s.competency.name, s.percent) for s in scores]),
        evidence=list(
            Evidence.objects.filter(user_id=profile.user_id)
            # Who recorded each entry is shown on the person page (records), not on my skills.
            .select_related(*(("competency", "recorded_by__staff_profile") if records else ()), "superseded_by")
            .order_by("-created_at", "-id")[:evidence_limit]
        ),
        history=[],
        points=LearningPointEntry.objects.filter(user_id=profile.user_id).aggregate(total=Sum("points"))["total"] or 0,
        goals=list(PersonalGoal.objects.filter(user_id=profile.user_id)),
        pending=PromotionRecommendation.objects.filter(user_id=profile.user_id, status=PromotionStatus.PENDING).first(),
    )
    if records:
        skills.history = list(
            LevelRecord.objects.filter(user_id=profile.user_id).select_related("post", "approved_by__staff_profile")
        )
        skills.assessments = list(
            Assessment.objects.filter(trainee_id=profile.user_id)
            .select_related("assessor__staff_profile")
            .order_by("-created_at")[:20]
        )
        skills.follow_ups = list(
            FollowUp.objects.filter(trainee_id=profile.user_id)
            .select_related("course", "evaluation")
            .order_by("due_date")
        )
    return skills


@dataclass
class PersonPage:
    skills: PersonSkills
    can_manage: bool  # may decide promotions, correct evidence and evaluate follow-ups
    rubrics: list[Rubric]  # the rubrics an assessment can be recorded against


def person_page(*, viewer: AbstractBaseUser, profile: StaffProfile) -> PersonPage:
    """The person page: their skills for anyone who may assess them, and the managing actions
    only for a viewer who manages them (a trainer assesses but does not promote or correct).
    The caller has checked the viewer may see this person."""
    return PersonPage(
        skills=person_skills(profile=profile),
        can_manage=managed_staff(viewer).filter(pk=profile.pk).exists(),
        rubrics=list(Rubric.objects.filter(is_active=True)),
    )


@dataclass
class MySkills:
    skills: PersonSkills
    goals_by_horizon: dict[str, list[PersonalGoal]]
    point_entries: list[LearningPointEntry]
    to_rate: list = field(default_factory=list)  # completed courses without a reaction yet


MY_SKILLS_KEY = "skills:mine:{user}:{language}:{today}:{post}:{post_since}:{hire_date}:{framework}"
MY_SKILLS_TIMEOUT = 3600


def _my_skills_load(profile: StaffProfile) -> MySkills:
    skills = person_skills(profile=profile, evidence_limit=20, records=False)
    by_horizon: dict[str, list[PersonalGoal]] = defaultdict(list)
    for goal in skills.goals:
        by_horizon[goal.horizon].append(goal)
    # Latest completion first; a course taken again (a refresher's new cycle) is rated once.
    to_rate: dict[int, CoursePage] = {}
    for enrolment in (
        CourseEnrolment.objects.filter(user_id=profile.user_id, completed_at__isnull=False)
        .exclude(course_id__in=CourseReaction.objects.filter(user_id=profile.user_id).values("course_id"))
        .select_related("course")
        .order_by("-completed_at")
    ):
        to_rate.setdefault(enrolment.course_id, enrolment.course)
    return MySkills(
        skills=skills,
        goals_by_horizon=dict(by_horizon),
        point_entries=list(LearningPointEntry.objects.filter(user_id=profile.user_id)[:20]),
        to_rate=list(to_rate.values()),
    )


def my_skills(*, profile: StaffProfile) -> MySkills:
    """The person's own skills page. Built from their own records, the framework and the day
    alone, so it is kept in the cache under their records' generation (core.cache
    person_records_changed, renewed by every write of those records), with the framework's
    generations, the day, the language and the profile's post and dates in its key."""
    framework = framework_generations()
    if framework is None:  # no cache to keep it in
        return _my_skills_load(profile)
    key = MY_SKILLS_KEY.format(
        user=profile.user_id,
        language=get_language(),
        today=timezone.localdate().isoformat(),
        post=profile.post_id,
        post_since=profile.post_since,
        hire_date=profile.hire_date,
        framework=framework,
    )

    def load() -> MySkills:
        mine = _my_skills_load(profile)
        mine.skills.profile = None  # the caller's own, fresh, is put back on every read
        return mine

    mine = generation_cached(
        key=key,
        generation_key=PERSON_RECORDS_GENERATION_KEY.format(profile.user_id),
        load=load,
        timeout=MY_SKILLS_TIMEOUT,
        generation_timeout=PERSON_RECORDS_GENERATION_TIMEOUT,
    )
    mine.skills.profile = profile
    return mine
