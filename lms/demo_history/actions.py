"""The demo staff's actions, each the one a person takes in the product, through the same service:
reading a lesson, answering a quiz and handing it in (a trainer marking the essays), playing a
scenario, being assessed, a manager evaluating a follow-up or approving a promotion. `at` places an
action in the past by moving the clock (time_machine), so every timestamp a service writes —
completions, evidence, grades, certificates — is the moment the story says, and the records agree
with each other as real ones do."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import time_machine
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from courses.models import CourseEnrolment, CoursePage, LessonPage
from courses.services import course_enrol, lesson_mark_done
from quizzes.models import Question, QuestionType, QuizAttempt, QuizPage
from quizzes.services import (
    attempt_answer_mark,
    quiz_attempt_answer_save,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from scenarios import engine
from scenarios.models import RunStatus, ScenarioPage, ScenarioRun
from scenarios.services import scenario_run_choose, scenario_run_start, scenario_version_for, version_graph
from skills.models import FollowUp, FollowUpStatus
from skills.services import follow_up_evaluate


class DemoStoryError(RuntimeError):
    """The story in lms/demo_data/history.yaml asks for something the product refuses (a step
    that cannot be passed, a promotion that is not ready): the demo stops and says which."""


def moment(*, days_ago: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """That day at that local time; never later than a minute ago (today's events are past)."""
    now = timezone.now()
    day = timezone.localdate(now) - dt.timedelta(days=days_ago)
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    return min(at, now - dt.timedelta(minutes=1))


@contextmanager
def at(when: dt.datetime) -> Iterator[None]:
    """Run the enclosed actions as if it were `when` (the clock then runs on normally)."""
    with time_machine.travel(when, tick=True):
        yield


def correct_response(question: Question):
    """What a trainee who knows the answer gives; an essay gets an answer worth full marks."""
    if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return [o.pk for o in question.options.all() if o.is_correct]
    if question.qtype == QuestionType.TRUE_FALSE:
        return bool(question.correct_true)
    if question.qtype == QuestionType.FILL_IN:
        return question.accepted_answer_list()[0]
    return question.explanation or question.stem


def quiz_pass(*, user: AbstractBaseUser, quiz: QuizPage, marker: AbstractBaseUser) -> QuizAttempt:
    """Start an attempt, answer every question on the paper rightly, hand it in; the trainer
    (`marker`) marks any essay in full. The attempt must pass."""
    attempt = quiz_attempt_start(quiz=quiz, user=user)  # or the one in progress, resumed
    questions = Question.objects.prefetch_related("options").in_bulk(attempt.question_ids)
    held = dict(attempt.answers.values_list("question_id", "version"))
    for question_id in attempt.question_ids:
        quiz_attempt_answer_save(
            attempt_id=attempt.pk,
            user=user,
            question_id=question_id,
            response=correct_response(questions[question_id]),
            version=held.get(question_id, 0),
        )
    attempt = quiz_attempt_submit(attempt_id=attempt.pk, user=user)
    for answer in attempt.answers.filter(score__isnull=True).select_related("question"):
        attempt_answer_mark(answer_id=answer.pk, marker=marker, score=Decimal(answer.question.points))
    attempt.refresh_from_db()
    if not attempt.passed:
        raise DemoStoryError(f"{user} did not pass “{quiz.title}” with every answer right.")
    return attempt


def scenario_play(*, user: AbstractBaseUser, page: ScenarioPage, choices: list[str] | None = None) -> ScenarioRun:
    """Play the scenario with these choices, or along its model answer (the best path the
    debrief shows) when none are given; the model answer must pass."""
    run = scenario_run_start(user=user, page=page)
    keys = choices if choices is not None else [key for _node, key in engine.best_path(_graph(page))]
    for key in keys:
        if run.status != RunStatus.ACTIVE:
            break
        run = scenario_run_choose(run=run, choice_key=key).run
    if choices is None and not run.passed:
        raise DemoStoryError(f"The model answer of “{page.title}” did not pass for {user}.")
    return run


def _graph(page: ScenarioPage) -> engine.Graph:
    return version_graph(scenario_version_for(page=page))


def course_steps(course: CoursePage) -> list:
    return list(course.get_children().live().specific().order_by("path"))


def lessons_read(*, user: AbstractBaseUser, course: CoursePage, count: int) -> None:
    """Read the first `count` lessons of the course, in order."""
    course_enrol(user=user, course=course)
    for lesson in [step for step in course_steps(course) if isinstance(step, LessonPage)][:count]:
        lesson_mark_done(user=user, lesson=lesson)


def course_finish(*, user: AbstractBaseUser, course: CoursePage, marker: AbstractBaseUser) -> CourseEnrolment:
    """Work through every step of the course in order — read each lesson, pass each quiz, play
    each scenario along its model answer — which completes it (and, through the events, issues
    its certificate, records the evidence and schedules the follow-ups)."""
    enrolment = course_enrol(user=user, course=course)
    for step in course_steps(course):
        if isinstance(step, LessonPage):
            lesson_mark_done(user=user, lesson=step)
        elif isinstance(step, QuizPage):
            quiz_pass(user=user, quiz=step, marker=marker)
        elif isinstance(step, ScenarioPage):
            scenario_play(user=user, page=step)
        else:
            raise DemoStoryError(f"The demo cannot take the step “{step.title}” ({type(step).__name__}).")
    enrolment.refresh_from_db()
    if enrolment.completed_at is None:
        raise DemoStoryError(f"{user} worked through “{course.title}” but it is not completed.")
    return enrolment


def follow_ups_evaluate_due(
    *, user: AbstractBaseUser, until: dt.date, evaluator: AbstractBaseUser, spec: dict, defaults: dict
) -> None:
    """The manager evaluates the person's follow-ups that fell due by `until`, each on its due
    date, except those the story leaves open ("course+months"). Ratings and figures come from the
    story (`spec`: rating, figures, and `overrides` per "course+months"). Called outside `at`."""
    due = (
        FollowUp.objects.filter(trainee=user, status=FollowUpStatus.SCHEDULED, due_date__lte=until)
        .select_related("course")
        .order_by("due_date", "pk")
    )
    for follow_up in due:
        key = f"{follow_up.course.slug}+{follow_up.months}"
        if key in spec.get("open", []):
            continue
        chosen = {**spec, **spec.get("overrides", {}).get(key, {})}
        rating = int(chosen["rating"])
        objectives = list(follow_up.course.objectives.values_list("pk", flat=True))[: max(1, rating - 2)]
        when = timezone.make_aware(dt.datetime.combine(follow_up.due_date, dt.time(16, 0)))
        with at(min(when, timezone.now() - dt.timedelta(minutes=1))):
            follow_up_evaluate(
                follow_up=follow_up,
                evaluator=evaluator,
                objectives_met=objectives,
                behaviour_rating=rating,
                figures={m: (Decimal(str(b)), Decimal(str(a))) for m, (b, a) in chosen.get("figures", {}).items()},
                owner_satisfaction=Decimal(str(defaults["owner_satisfaction"])),
                notes=defaults["follow_up_notes"],
            )
