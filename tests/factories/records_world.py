"""A small company whose records were all made through the services, the way people make them:
a course of two lessons and a quiz, an essay quiz, a programme, certificate rules for the course,
the programme and a skill level, a level ladder, and trainees who finish it all (a manager approves
their promotion, evaluates a follow-up, gets a reminder). `manage.py integrity` finds nothing in it;
the invariant tests plant one contradiction at a time with raw updates."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from certificates.models import Certificate
from courses.models import CourseEnrolment, CoursePage, LessonPage, Programme, ProgrammeAssignment
from courses.services import lesson_mark_done, programme_assign
from lms.demo_history.actions import correct_response
from org.models import Post, StaffProfile
from quizzes.models import QuestionType, QuizAttempt, QuizPage
from quizzes.services import attempt_answer_mark, quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
from skills.models import CriterionKind, FollowUp, LevelRecord, PromotionRecommendation
from skills.services import follow_up_evaluate, follow_up_reminders_send, promotion_decide
from tests.factories.certificates import (
    CertificateTemplateFactory,
    CourseRuleFactory,
    ProgrammeRuleFactory,
    SkillLevelRuleFactory,
)
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ProgrammeCourseFactory, ProgrammeFactory
from tests.factories.org import (
    HRAdminFactory,
    ManagerFactory,
    PostFactory,
    SiteFactory,
    StaffProfileFactory,
    TrainerFactory,
)
from tests.factories.quizzes import QuestionFactory, QuizPageFactory
from tests.factories.skills import LevelCriterionFactory, LevelLadderFactory


def quiz_answer_all(*, quiz: QuizPage, user, right: bool = True) -> QuizAttempt:
    """Start an attempt and answer every question on the paper (rightly, or with the first option
    / false / a wrong word), without handing it in."""
    from quizzes.models import Question

    attempt = quiz_attempt_start(quiz=quiz, user=user)
    questions = Question.objects.in_bulk(attempt.question_ids)
    for qid in attempt.question_ids:
        question = questions[qid]
        if right:
            response = correct_response(question)
        elif question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            response = [next(o.pk for o in question.options.all() if not o.is_correct)]
        elif question.qtype == QuestionType.TRUE_FALSE:
            response = not bool(question.correct_true)
        else:
            response = "不知道"
        quiz_attempt_answer_save(attempt_id=attempt.pk, user=user, question_id=qid, response=response, version=0)
    return attempt


def quiz_pass(*, quiz: QuizPage, user, marker=None) -> QuizAttempt:
    """Answer everything right and hand in; a trainer marks any essay in full."""
    attempt = quiz_attempt_submit(attempt_id=quiz_answer_all(quiz=quiz, user=user).pk, user=user)
    if attempt.needs_marking:
        for answer in attempt.answers.filter(score__isnull=True).select_related("question"):
            attempt_answer_mark(answer_id=answer.pk, marker=marker, score=Decimal(answer.question.points))
        attempt.refresh_from_db()
    return attempt


@dataclass
class RecordsWorld:
    post: Post
    manager: StaffProfile
    trainer: StaffProfile
    hr: StaffProfile
    trainees: list[StaffProfile]
    course: CoursePage
    lessons: list[LessonPage]
    quiz: QuizPage
    essay_quiz: QuizPage
    programme: Programme
    extra: dict = field(default_factory=dict)

    @property
    def trainee(self) -> StaffProfile:
        return self.trainees[0]

    def enrolment(self, profile: StaffProfile | None = None) -> CourseEnrolment:
        return CourseEnrolment.objects.get(user=(profile or self.trainee).user, course=self.course, cycle=1)

    def assignment(self, profile: StaffProfile | None = None) -> ProgrammeAssignment:
        return ProgrammeAssignment.objects.get(user=(profile or self.trainee).user, programme=self.programme)

    def attempt(self, profile: StaffProfile | None = None) -> QuizAttempt:
        return QuizAttempt.objects.get(user=(profile or self.trainee).user, quiz=self.quiz)

    def essay_attempt(self, profile: StaffProfile | None = None) -> QuizAttempt:
        return QuizAttempt.objects.get(user=(profile or self.trainee).user, quiz=self.essay_quiz)

    def level(self, profile: StaffProfile | None = None) -> LevelRecord:
        return LevelRecord.objects.get(user=(profile or self.trainee).user)

    def follow_up(self, profile: StaffProfile | None = None) -> FollowUp:
        return (
            FollowUp.objects.filter(trainee=(profile or self.trainee).user, course=self.course)
            .order_by("months", "pk")
            .first()
        )

    def certificate(self, key_prefix: str, profile: StaffProfile | None = None) -> Certificate:
        return Certificate.objects.get(
            user=(profile or self.trainee).user, achievement_key__startswith=key_prefix, cycle=1
        )


def records_world_build(*, trainees: int = 1) -> RecordsWorld:
    """Build the world; every trainee does everything (so a query-count test can add trainees)."""
    site = SiteFactory()
    post = PostFactory(code="kefu")
    manager = ManagerFactory(site=site, post=PostFactory(code="guanli"))
    manager.user.email = "manager@example.com"
    manager.user.save()
    trainer = TrainerFactory(site=site, post=PostFactory(code="guanli"))
    # Escalations go to the site's other managers, else to HR: someone with an address.
    hr = HRAdminFactory(site=site, post=PostFactory(code="guanli"))
    hr.user.email = "hr@example.com"
    hr.user.save()
    course = CoursePageFactory(title="投诉处理", follow_up_months="1,3")
    lessons = [LessonPageFactory(parent=course, title=f"第{i}课") for i in (1, 2)]
    quiz = QuizPageFactory(parent=course, pass_mark=60, questions=[QuestionFactory(), QuestionFactory()])
    essay_course = CoursePageFactory(title="服务礼仪")
    essay_quiz = QuizPageFactory(
        parent=essay_course,
        pass_mark=60,
        questions=[QuestionFactory(), QuestionFactory(qtype=QuestionType.ESSAY, points=5)],
    )
    programme = ProgrammeFactory(name="入职培训")
    ProgrammeCourseFactory(programme=programme, course=course)
    template = CertificateTemplateFactory(validity_months=12)
    CourseRuleFactory(course=course, template=template)
    ProgrammeRuleFactory(programme=programme, template=template)
    SkillLevelRuleFactory(skill_level=1, post=post, template=template)
    ladder = LevelLadderFactory(post=post)
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.COURSE_COMPLETED, course=course)
    LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MANAGER_SIGN_OFF)
    world = RecordsWorld(
        post=post,
        manager=manager,
        trainer=trainer,
        hr=hr,
        trainees=[],
        course=course,
        lessons=lessons,
        quiz=quiz,
        essay_quiz=essay_quiz,
        programme=programme,
    )
    for _n in range(trainees):
        records_trainee_add(world)
    return world


def records_trainee_add(world: RecordsWorld) -> StaffProfile:
    """A new trainee who does everything: reads the lessons, passes both quizzes (the essay marked),
    is promoted, has a follow-up evaluated and the next one's reminder sent."""
    profile = StaffProfileFactory(
        site=world.manager.site,
        post=world.post,
        manager=world.manager,
        post_since=timezone.localdate() - dt.timedelta(days=90),
    )
    programme_assign(programme=world.programme, user=profile.user)
    for lesson in world.lessons:
        lesson_mark_done(user=profile.user, lesson=lesson)
    quiz_pass(quiz=world.quiz, user=profile.user)
    quiz_pass(quiz=world.essay_quiz, user=profile.user, marker=world.trainer.user)
    recommendation = PromotionRecommendation.objects.get(user=profile.user, status="pending")
    promotion_decide(recommendation=recommendation, decided_by=world.manager.user, approve=True, note="同意")
    world.trainees.append(profile)
    follow_up_evaluate(
        follow_up=world.follow_up(profile),
        evaluator=world.manager.user,
        objectives_met=[],
        behaviour_rating=4,
        figures={"complaints": (Decimal(4), Decimal(1))},
    )
    # The +3-month follow-up falls due: its evaluator (the manager, who has an address) is told.
    follow_up_reminders_send(today=timezone.localdate() + dt.timedelta(days=100))
    return profile


def invariant_rows(path: str) -> list[tuple[str, int | str]]:
    """(model, pk) of every violation the invariant at `path` reports now."""
    from django.utils.module_loading import import_string

    return [(v.model, v.pk) for v in import_string(path)()]
