"""Random sequences of real actions keep every invariant (docs/invariants.md), on PostgreSQL.

Hypothesis draws sequences of what people do in the product — enrol, read lessons, start attempts
and hand them in (or leave them to the clock), mark and re-mark essays, play scenarios, be assessed,
be recommended, approved, rejected or signed off, have follow-ups evaluated and reminders sent,
revoke and renew certificates, take a refresher, correct evidence, erase a leaver — each through
its service in its own transaction, as a request would. After every sequence the same invariant
functions `manage.py integrity` runs must find nothing.

The world (a course with lessons, a timed quiz and a scenario, an essay quiz, a programme,
certificate rules for the course, the programme and a skill level, a two-level ladder, three
trainees, their manager, a trainer, HR) is built once; each example runs inside a savepoint that is
rolled back, so every sequence starts from the same world."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from certificates.models import Certificate
from certificates.services import (
    CertificateNotRenewable,
    CertificateNotRevocable,
    certificate_expiry_reminders_send,
    certificate_renew,
    certificate_revoke,
)
from core.integrity import invariants_check
from courses.services import course_enrol, course_refresher_assign, lesson_mark_done, programme_assign
from lms.demo_history.actions import DemoStoryError, correct_response, course_finish
from org.models import StaffProfile
from privacy.services import AlreadyErased, personal_data_erase
from quizzes.models import AttemptAnswer, AttemptStatus, Question, QuestionType, QuizPage
from quizzes.services import (
    AnswerRefused,
    AttemptNotAllowed,
    MarkingError,
    attempt_answer_mark,
    quiz_attempt_answer_save,
    quiz_attempt_start,
    quiz_attempt_submit,
    quiz_attempts_sweep,
)
from scenarios import engine
from scenarios.services import RunNotActive, scenario_run_choose, scenario_run_start, version_graph
from skills.models import (
    CriterionKind,
    Evidence,
    FollowUp,
    FollowUpStatus,
    LevelRecord,
    PromotionRecommendation,
    PromotionStatus,
)
from skills.services import (
    assessment_record,
    evidence_correct,
    follow_up_evaluate,
    follow_up_reminders_send,
    level_sign_off,
    promotion_decide,
    skill_level_recommend,
)
from skills.services.evidence import EvidenceAlreadyCorrected
from skills.services.follow_ups import FollowUpAlreadyDone
from skills.services.levels import PromotionAlreadyDecided, PromotionNoLongerReady, SignOffIncomplete
from tests.factories.org import StaffProfileFactory
from tests.factories.records_world import RecordsWorld, records_world_build
from tests.factories.scenarios import ScenarioPageFactory
from tests.factories.skills import CompetencyFactory, LevelCriterionFactory, LevelLadderFactory, RubricFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TRAINEES = 3
# What a service may refuse: a person's request that is turned down changes nothing.
REFUSALS = (
    AttemptNotAllowed,
    AnswerRefused,
    MarkingError,
    RunNotActive,
    engine.ChoiceNotAvailable,
    PromotionNoLongerReady,
    PromotionAlreadyDecided,
    SignOffIncomplete,
    FollowUpAlreadyDone,
    EvidenceAlreadyCorrected,
    CertificateNotRenewable,
    CertificateNotRevocable,
    AlreadyErased,
    DemoStoryError,  # a whole course not passed along the model answer (a run resumed half-way)
)


def world_build() -> RecordsWorld:
    world = records_world_build(trainees=1)  # one trainee has done everything: certificates, a level
    QuizPage.objects.filter(pk=world.quiz.pk).update(time_limit_minutes=10)
    listen = CompetencyFactory(code="listen", name="倾听")
    CompetencyFactory(code="empathize", name="共情")
    # A step added after the first trainee finished the course: published now, like any page made
    # live through the publishing workflow, so it does not reopen that completion.
    world.extra["scenario"] = ScenarioPageFactory(
        parent=world.course, title="电梯投诉", first_published_at=timezone.now()
    )
    world.extra["rubric"] = RubricFactory(name="投诉接待实操", competency=listen)
    ladder = LevelLadderFactory(post=world.post)
    LevelCriterionFactory(ladder=ladder, level=2, kind=CriterionKind.PRACTICAL_PASSED, competency=listen)
    LevelCriterionFactory(ladder=ladder, level=2, kind=CriterionKind.MONTHS_IN_POST, months=2)
    LevelCriterionFactory(ladder=ladder, level=2, kind=CriterionKind.MANAGER_SIGN_OFF)
    for n in range(TRAINEES - 1):
        profile = StaffProfileFactory(
            site=world.manager.site,
            post=world.post,
            manager=world.manager,
            post_since=timezone.localdate() - dt.timedelta(days=90),
        )
        if n == 0:  # one of them can be told by e-mail; the others have no address
            profile.user.email = "trainee@example.com"
            profile.user.save()
        world.trainees.append(profile)
    return world


# --- the actions: each takes the world, the person acting (or acted on) and a seed for its choices.


def enrol(world, profile, rng):
    if rng.random() < 0.5:
        programme_assign(programme=world.programme, user=profile.user)
    else:
        course_enrol(user=profile.user, course=world.essay_quiz.get_parent().specific)


def finish(world, profile, rng):
    """Work through a whole course as a diligent trainee does: every lesson, the quiz answered
    rightly (a trainer marks any essay), the scenario along its model answer."""
    course = rng.choice([world.course, world.essay_quiz.get_parent().specific])
    course_finish(user=profile.user, course=course, marker=world.trainer.user)


def read(world, profile, rng):
    lesson_mark_done(user=profile.user, lesson=rng.choice(world.lessons))


def _answer(attempt, user, rng, right_share: float):
    """Answer each question on the paper, rightly with the given chance."""
    questions = Question.objects.prefetch_related("options").in_bulk(attempt.question_ids)
    for qid in attempt.question_ids:
        question = questions[qid]
        if rng.random() < right_share:
            response = correct_response(question)
        elif question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            response = [o.pk for o in question.options.all() if not o.is_correct][:1]
        elif question.qtype == QuestionType.ESSAY:
            response = rng.choice(["", "先道歉再解释。"])
        else:
            response = None
        held = AttemptAnswer.objects.filter(attempt=attempt, question_id=qid).values_list("version", flat=True)
        quiz_attempt_answer_save(
            attempt_id=attempt.pk, user=user, question_id=qid, response=response, version=held[0] if held else 0
        )


def attempt(world, profile, rng):
    """Start (or resume) an attempt, answer, and hand it in — or walk away and let the clock close it."""
    quiz = rng.choice([world.quiz, world.essay_quiz])
    current = quiz_attempt_start(quiz=quiz, user=profile.user)
    _answer(current, profile.user, rng, right_share=rng.choice([0.0, 0.5, 1.0]))
    if rng.random() < 0.8:
        quiz_attempt_submit(attempt_id=current.pk, user=profile.user)


def clock(world, profile, rng):
    """Time passes: the sweep hands in (or abandons) attempts whose time ran out."""
    quiz_attempts_sweep(now=timezone.now() + dt.timedelta(minutes=rng.choice([5, 20, 60])))


def mark(world, profile, rng):
    """A trainer marks (or re-marks) an essay of a handed-in attempt."""
    answers = AttemptAnswer.objects.filter(
        attempt__user=profile.user, attempt__status=AttemptStatus.FINISHED, question__qtype=QuestionType.ESSAY
    ).select_related("question")
    unmarked = [a for a in answers if a.score is None]
    pool = unmarked or list(answers)
    if pool:
        answer = rng.choice(pool)
        score = Decimal(rng.randint(0, int(answer.question.points)))
        attempt_answer_mark(answer_id=answer.pk, marker=world.trainer.user, score=score, comment="评语")


def play(world, profile, rng):
    """Play the scenario: a random choice at each node, sometimes stopping half-way."""
    page = world.extra["scenario"]
    run = scenario_run_start(user=profile.user, page=page, restart=rng.random() < 0.3)
    graph = version_graph(run.version)
    for _step in range(rng.randint(1, 4)):
        if run.status != "active":
            break
        state = engine.PlayState(node=run.node, scores=dict(run.scores), flags=frozenset(run.flags))
        choices = engine.visible_choices(graph, state)
        if not choices:
            break
        run = scenario_run_choose(run=run, choice_key=rng.choice(choices).key).run


def assess(world, profile, rng):
    rubric = world.extra["rubric"]
    scores = [rng.randint(0, c.max_score) for c in rubric.criteria.all()]
    assessment_record(trainee=profile.user, assessor=world.manager.user, rubric=rubric, scores=scores, notes="观察")


def recommend(world, profile, rng):
    skill_level_recommend(user=profile.user)


def decide(world, profile, rng):
    waiting = PromotionRecommendation.objects.filter(user=profile.user, status=PromotionStatus.PENDING).first()
    if waiting:
        promotion_decide(recommendation=waiting, decided_by=world.manager.user, approve=rng.random() < 0.8, note="意见")


def sign_off(world, profile, rng):
    held = LevelRecord.objects.filter(user=profile.user, post=world.post).order_by("-level").first()
    level_sign_off(
        user=profile.user,
        post=world.post,
        level=(held.level if held else 0) + rng.choice([1, 2]),
        signed_off_by=world.manager.user,
        reason=rng.choice(["外公司经历认定", " "]),
    )


def evaluate(world, profile, rng):
    follow_up = FollowUp.objects.filter(trainee=profile.user, status=FollowUpStatus.SCHEDULED).first()
    if follow_up:
        follow_up_evaluate(
            follow_up=follow_up,
            evaluator=world.manager.user,
            objectives_met=[],
            behaviour_rating=rng.randint(1, 5),
            figures={"complaints": (Decimal(5), Decimal(rng.randint(0, 5)))},
        )


def remind(world, profile, rng):
    """The periodic reminders run on some later day (certificate expiry, follow-ups)."""
    today = timezone.localdate()
    certificate_expiry_reminders_send(today=today + dt.timedelta(days=rng.randint(300, 370)))
    follow_up_reminders_send(today=today + dt.timedelta(days=rng.randint(0, 200)))


def revoke(world, profile, rng):
    certificates = list(Certificate.objects.filter(user=profile.user))
    if certificates:
        certificate_revoke(certificate=rng.choice(certificates), actor=world.trainer.user, reason="复核不合格")


def renew(world, profile, rng):
    certificates = list(Certificate.objects.filter(user=profile.user, renewed_by__isnull=True))
    if certificates:
        certificate_renew(certificate=rng.choice(certificates))


def refresher(world, profile, rng):
    """The course is assigned again as a refresher (a yearly safety course): a new cycle once done."""
    course_refresher_assign(user=profile.user, course=world.course, due_date=timezone.localdate())


def correct(world, profile, rng):
    entries = list(Evidence.objects.active().filter(user=profile.user))
    if entries:
        evidence_correct(
            evidence=rng.choice(entries), corrected_by=world.manager.user, note="复核", withdraw=rng.random() < 0.5
        )


def erase(world, profile, rng):
    personal_data_erase(actor=world.hr.user, profile=profile)


ACTIONS = {
    f.__name__: f
    for f in (
        enrol,
        finish,
        read,
        attempt,
        clock,
        mark,
        play,
        assess,
        recommend,
        decide,
        sign_off,
        evaluate,
        remind,
        revoke,
        renew,
        refresher,
        correct,
        erase,
    )
}
# Learning actions come more often than the rare ones (erasure, revocation).
WEIGHTED = [*ACTIONS, "finish", "finish", "read", "attempt", "attempt", "mark", "play", "decide", "revoke", "renew"]

sequences = st.lists(
    st.tuples(st.sampled_from(WEIGHTED), st.integers(0, TRAINEES - 1), st.integers(0, 2**16)),
    min_size=1,
    max_size=12,
)


def act(world: RecordsWorld, name: str, who: int, seed: int) -> None:
    profile = StaffProfile.objects.select_related("user").get(pk=world.trainees[who].pk)
    if profile.erased_at is not None:
        return  # a leaver does nothing more (their login is gone)
    try:
        with transaction.atomic():  # one request
            ACTIONS[name](world, profile, random.Random(seed))
    except REFUSALS as refusal:
        event(f"{name}: refused ({type(refusal).__name__})")
    else:
        event(f"{name}: done")


def test_random_action_sequences_keep_every_invariant(catalog):
    world = world_build()
    assert invariants_check() == []

    @settings(
        max_examples=200,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(actions=sequences)
    def run(actions):
        savepoint = transaction.savepoint_create()
        try:
            for name, who, seed in actions:
                act(world, name, who, seed)
            found = invariants_check()
            assert found == [], [(v.invariant, str(v.row), v.message) for v in found]
        finally:
            transaction.savepoint_rollback(savepoint)

    run()
