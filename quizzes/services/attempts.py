"""Attempt life cycle: start or resume, save each answer as it is given, hand in exactly once,
and close what trainees walked away from.

Concurrency rule: every write to an attempt (answer save, check, submit, sweep) first locks the
attempt row (`select_for_update`) and re-reads its status inside the transaction. Saves and the
submit of one attempt are therefore serialised: a submit grades exactly the answers acknowledged
before it, and a save that arrives after it (a stale tab, a retry) is refused and changes nothing.
On SQLite the IMMEDIATE transaction mode gives the same serialisation."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.events import event_announce
from courses.models import CoursePage
from courses.models.records import StepSource
from courses.selectors import course_of_step
from courses.services import step_complete, step_time_record
from quizzes.events import EssayAwaitsMarking, QuizAttemptGraded
from quizzes.grading import grade_answer
from quizzes.models import AttemptAnswer, AttemptStatus, FeedbackMode, QuestionType, QuizAttempt, QuizPage
from quizzes.models.bank import CHOICE_TYPES
from quizzes.selectors import questions_cached, quiz_draw_plan, quiz_grade_percent, quiz_start_state

FILL_IN_MAX = 200
ESSAY_MAX = 5000


class AttemptNotAllowed(Exception):
    """Starting is refused: closed window, draft, no attempts left, course steps still missing,
    empty paper."""


class AttemptNeedsConfirmation(AttemptNotAllowed):
    """A new attempt at a quiz with limited attempts waits for the trainee's confirmation."""


class AnswerRefused(Exception):
    """A save or check is refused. The message is shown to the trainee: it never carries a
    correct answer or an explanation, only why the save was not taken."""

    def __init__(self, code: str, message: str, *, current: AttemptAnswer | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.current = current


def attempt_accepts_answers(*, attempt: QuizAttempt, now: dt.datetime) -> bool:
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return False
    if attempt.deadline is None:
        return True
    return now <= attempt.deadline + dt.timedelta(seconds=attempt.grace_seconds)


def attempt_expired(*, attempt: QuizAttempt, now: dt.datetime) -> bool:
    return attempt.status == AttemptStatus.IN_PROGRESS and not attempt_accepts_answers(attempt=attempt, now=now)


def _draw_paper(*, quiz: QuizPage, rng: random.Random) -> list[int]:
    """Fixed questions first (in their order), then each category draw (only its question types,
    by default those marked automatically); then the django-quiz-app rules: shuffle when random
    order is on, cut to the maximum number of questions. The plan comes from the cache
    (quizzes.selectors.quiz_draw_plan): no query when it is there."""
    fixed, draws = quiz_draw_plan(quiz=quiz)
    ids = list(fixed)
    for count, pool in draws:
        candidates = sorted(set(pool) - set(ids))
        ids += rng.sample(candidates, min(count, len(candidates)))
    if quiz.random_order:
        rng.shuffle(ids)
    if quiz.max_questions:
        ids = ids[: quiz.max_questions]
    return ids


def _attempt_deadline(*, quiz: QuizPage, start: dt.datetime) -> dt.datetime | None:
    deadline = start + dt.timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    if quiz.closes_at and (deadline is None or quiz.closes_at < deadline):
        deadline = quiz.closes_at
    return deadline


def _attempts_of(*, quiz: QuizPage, user: AbstractBaseUser) -> list[QuizAttempt]:
    return list(
        QuizAttempt.objects.filter(quiz=quiz, user=user).only(
            "pk", "quiz_id", "user_id", "number", "status", "started_at", "deadline", "grace_seconds"
        )
    )


def quiz_attempt_start(
    *, quiz: QuizPage, user: AbstractBaseUser, now: dt.datetime | None = None, confirmed: bool = True
) -> QuizAttempt:
    """Start an attempt, or resume the one in progress: a reload, a second device or a double
    click all land on the same attempt (a partial unique constraint allows one in progress per
    trainee and quiz). An attempt whose time ran out is first handed in with what was saved.

    A new attempt is refused (AttemptNotAllowed, with the reason) when the quiz is not open, no
    attempt is left, or the quiz requires its course's required steps first and some are not done
    (quizzes.selectors.quiz_start_state holds these checks). At a quiz with limited attempts it is also refused with
    AttemptNeedsConfirmation while `confirmed` is False: a trainee's click (the view passes what
    the confirmation page sent) starts one only after being told how many are left and that the
    attempt counts and the clock runs. Resuming needs neither."""
    now = now or timezone.now()
    # One read of the person's attempts at the quiz serves the resume, the checks and the number.
    attempts = _attempts_of(quiz=quiz, user=user)
    current = next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None)
    if current is not None:
        if not attempt_expired(attempt=current, now=now):
            return current
        quiz_attempt_submit(attempt_id=current.pk, user=user, auto=True, now=now)
        attempts = _attempts_of(quiz=quiz, user=user)
    state = quiz_start_state(quiz=quiz, user=user, now=now, all_attempts=attempts)
    if state.refusal:
        raise AttemptNotAllowed(state.refusal)
    # Numbers run on across cycles of the course (a refresher's attempts follow last year's), so the
    # unique number still makes two concurrent starts collide.
    number = max((a.number for a in attempts), default=0) + 1
    if quiz.max_attempts and not confirmed:
        raise AttemptNeedsConfirmation(_("Confirm that you want to start."))
    rng = random.Random()
    question_ids = _draw_paper(quiz=quiz, rng=rng)
    if not question_ids:
        raise AttemptNotAllowed(_("This quiz has no questions yet."))
    # The questions come from the cache; the paper is stored in one row, in one INSERT.
    questions = questions_cached(question_ids=question_ids)
    option_order: dict[str, list[int]] = {}
    for qid in question_ids:
        question = questions[qid]
        if question.qtype in CHOICE_TYPES:
            order = [o.pk for o in sorted(question.options.all(), key=lambda o: (o.sort_order or 0, o.pk))]
            if quiz.shuffle_options:
                rng.shuffle(order)
            option_order[str(qid)] = order
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(
                quiz=quiz,
                user=user,
                number=number,
                started_at=now,
                deadline=_attempt_deadline(quiz=quiz, start=now),
                grace_seconds=quiz.grace_seconds,
                question_ids=question_ids,
                option_order=option_order,
                question_types={str(qid): questions[qid].qtype for qid in question_ids},
                max_score=sum((Decimal(questions[qid].points) for qid in question_ids), Decimal("0")),
            )
    except IntegrityError:  # a concurrent start (double click, second device) created it first
        return QuizAttempt.objects.get(quiz=quiz, user=user, status=AttemptStatus.IN_PROGRESS)


def _clean_response(*, attempt: QuizAttempt, question_id: int, response):
    """Check a response has the shape its question type expects; option ids must belong to the
    question. Returns the value to store."""
    qtype = attempt.question_types.get(str(question_id))
    invalid = AnswerRefused("invalid", _("This answer could not be read. Please choose or type it again."))
    if qtype in CHOICE_TYPES:
        if response is None:
            return []
        if isinstance(response, int) and not isinstance(response, bool):
            response = [response]
        if not isinstance(response, list) or any(not isinstance(x, int) or isinstance(x, bool) for x in response):
            raise invalid
        allowed = set(attempt.option_order.get(str(question_id), []))
        chosen = sorted(set(response))
        if not set(chosen) <= allowed or (qtype == QuestionType.SINGLE and len(chosen) > 1):
            raise invalid
        return chosen
    if qtype == QuestionType.TRUE_FALSE:
        if response is not None and not isinstance(response, bool):
            raise invalid
        return response
    if response is None:
        return ""
    if not isinstance(response, str):
        raise invalid
    limit = ESSAY_MAX if qtype == QuestionType.ESSAY else FILL_IN_MAX
    if len(response) > limit:
        raise AnswerRefused("too_long", _("This answer is too long."))
    return response


def _locked_attempt(*, attempt_id: int, user: AbstractBaseUser) -> QuizAttempt:
    try:
        return QuizAttempt.objects.select_for_update().get(pk=attempt_id, user=user)
    except QuizAttempt.DoesNotExist:
        raise AnswerRefused("not_found", _("This attempt does not exist."))


def _refuse_if_closed(*, attempt: QuizAttempt, now: dt.datetime) -> None:
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise AnswerRefused("finished", _("This attempt has already been handed in; the answer was not saved."))
    if not attempt_accepts_answers(attempt=attempt, now=now):
        raise AnswerRefused("expired", _("Time is up; the answer was not saved."))


@transaction.atomic
def quiz_attempt_answer_save(
    *,
    attempt_id: int,
    user: AbstractBaseUser,
    question_id: int,
    response,
    version: int,
    now: dt.datetime | None = None,
) -> AttemptAnswer:
    """Save (upsert) one answer. Refused after hand-in and after deadline + grace; refused as
    stale when `version` is not the version the server holds (another tab or device changed it
    since) — the refusal carries the trainee's own current answer so the tab can catch up. The
    same save sent again (same version, same answer, already applied) is acknowledged with the
    version it made, without a second write: a queued answer counts exactly once."""
    now = now or timezone.now()
    attempt = _locked_attempt(attempt_id=attempt_id, user=user)
    _refuse_if_closed(attempt=attempt, now=now)
    if question_id not in attempt.question_ids:
        raise AnswerRefused("unknown_question", _("This question is not on your paper."))
    value = _clean_response(attempt=attempt, question_id=question_id, response=response)
    answer = AttemptAnswer.objects.filter(attempt=attempt, question_id=question_id).first()
    held = answer.version if answer else 0
    if answer and answer.locked:
        raise AnswerRefused("locked", _("This question has been checked and can no longer be changed."))
    if answer is not None and version == held - 1 and answer.response == value:
        # A replay: the tab sent this save before (its reply lost on a weak network, or sent
        # again from the offline queue) and it was applied then. Acknowledge it, write nothing.
        answer.attempt = attempt
        return answer
    if version != held:
        raise AnswerRefused(
            "stale", _("This answer was changed in another window; the latest answer is shown."), current=answer
        )
    if answer is None:
        return AttemptAnswer.objects.create(attempt=attempt, question_id=question_id, response=value, version=1)
    answer.response = value
    answer.version = held + 1
    answer.attempt = attempt
    answer.save(update_fields=["response", "version", "saved_at"])
    return answer


@transaction.atomic
def quiz_attempt_answer_check(
    *, attempt_id: int, user: AbstractBaseUser, question_id: int, now: dt.datetime | None = None
) -> AttemptAnswer:
    """Feedback after each question: grade the saved answer to one question and lock it, so its
    feedback (which the quiz allows now) cannot be used to change the answer."""
    now = now or timezone.now()
    attempt = _locked_attempt(attempt_id=attempt_id, user=user)
    _refuse_if_closed(attempt=attempt, now=now)
    quiz = QuizPage.objects.get(pk=attempt.quiz_id)
    if quiz.feedback_mode != FeedbackMode.EACH:
        raise AnswerRefused("no_feedback", _("This quiz shows answers at the end."))
    answer = AttemptAnswer.objects.filter(attempt=attempt, question_id=question_id).select_related("question").first()
    if answer is None or answer.response in (None, "", []):
        raise AnswerRefused("unanswered", _("Answer the question first."))
    if not answer.locked:
        question = questions_cached(question_ids=[question_id])[question_id]
        grade = grade_answer(question=question, response=answer.response, rule=quiz.multiple_choice_scoring)
        answer.score, answer.is_correct, answer.locked = grade.score, grade.is_correct, True
        answer.save(update_fields=["score", "is_correct", "locked", "saved_at"])
    return answer


def attempt_totals(*, attempt: QuizAttempt, answers: list[AttemptAnswer]) -> None:
    """Sum the graded answers into the attempt; pass state only when nothing awaits marking."""
    score = sum((a.score for a in answers if a.score is not None), Decimal("0"))
    pending = any(a.score is None for a in answers)
    attempt.score = score
    attempt.percent = (score * 100 / attempt.max_score).quantize(Decimal("0.01")) if attempt.max_score else Decimal("0")
    attempt.needs_marking = pending
    attempt.passed = None if pending else attempt.quiz.passes(attempt.percent)


def attempt_grade_finalise(*, attempt: QuizAttempt, now: dt.datetime) -> None:
    """The one path by which a grade becomes final (no essay waits), on hand-in, after the last
    essay is marked, and again after a re-mark: the first time, record when and clear the paper if
    the quiz does not keep it; every time, complete the course step if the quiz's grade (by its
    grading method) passes, and announce the grade."""
    quiz = attempt.quiz
    if attempt.graded_at is None:
        attempt.graded_at = now
        attempt.save(update_fields=["graded_at"])
        if not quiz.exam_paper:
            attempt.answers.update(response=None)
    grade = quiz_grade_percent(quiz=quiz, user_id=attempt.user_id)
    if quiz.passes(grade):
        step_complete(user=attempt.user, step=quiz, source=StepSource.QUIZ, score=grade)
    course = course_of_step(step=quiz)
    event_announce(
        QuizAttemptGraded(
            attempt_id=attempt.pk,
            user_id=attempt.user_id,
            quiz_id=quiz.pk,
            quiz_title=quiz.title,
            course_id=course.pk if isinstance(course, CoursePage) else None,
            score=attempt.score,
            max_score=attempt.max_score,
            percent=attempt.percent,
            passed=bool(attempt.passed),
            graded_at=attempt.graded_at,
        )
    )


@transaction.atomic
def quiz_attempt_submit(
    *, attempt_id: int, user: AbstractBaseUser | None = None, auto: bool = False, now: dt.datetime | None = None
) -> QuizAttempt:
    """Hand in exactly once. The row lock plus the status check make a double click, a second
    tab, a retried request or the sweep racing the trainee produce one grade: whoever comes
    second finds the attempt finished and gets it back unchanged. Grades what was saved; an
    attempt closed by the clock with nothing saved is marked abandoned. After deadline plus grace
    the attempt is closed by the clock at its deadline, whoever hands it in."""
    return _attempt_hand_in(attempt_id=attempt_id, user=user, auto=auto, now=now or timezone.now())[0]


def _attempt_hand_in(
    *, attempt_id: int, user: AbstractBaseUser | None, auto: bool, now: dt.datetime
) -> tuple[QuizAttempt, bool]:
    """quiz_attempt_submit's work; also says whether this call closed the attempt (the sweep counts
    only those). Runs inside the caller's transaction."""
    lookup = {"pk": attempt_id} if user is None else {"pk": attempt_id, "user": user}
    attempt = QuizAttempt.objects.select_for_update().get(**lookup)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return attempt, False
    if attempt_expired(attempt=attempt, now=now):
        # Past deadline plus grace the clock has already closed it, whoever asks first (the sweep,
        # the trainee's late hand-in, a resume): it is recorded as closed by the clock at the
        # deadline, never as the trainee's own hand-in at the late time.
        auto, now = True, attempt.deadline
    attempt.quiz = QuizPage.objects.get(pk=attempt.quiz_id)
    answers = list(AttemptAnswer.objects.filter(attempt=attempt))
    if auto and not any(a.response not in (None, "", []) for a in answers):
        attempt.status = AttemptStatus.ABANDONED
        attempt.finished_at = now
        attempt.auto_submitted = True
        attempt.score, attempt.percent, attempt.passed = Decimal("0"), Decimal("0"), False
        attempt.save(update_fields=["status", "finished_at", "auto_submitted", "score", "percent", "passed"])
        return attempt, True
    questions = questions_cached(question_ids=attempt.question_ids)
    by_question = {a.question_id: a for a in answers}
    graded: list[AttemptAnswer] = []
    for qid in attempt.question_ids:
        answer = by_question.get(qid) or AttemptAnswer(attempt=attempt, question_id=qid, response=None)
        if not answer.locked or answer.is_correct is None:
            grade = grade_answer(
                question=questions[qid], response=answer.response, rule=attempt.quiz.multiple_choice_scoring
            )
            answer.score, answer.is_correct = grade.score, grade.is_correct
        graded.append(answer)
    AttemptAnswer.objects.bulk_update([a for a in graded if a.pk], ["score", "is_correct"])
    AttemptAnswer.objects.bulk_create([a for a in graded if a.pk is None])
    attempt_totals(attempt=attempt, answers=graded)
    attempt.status = AttemptStatus.FINISHED
    attempt.finished_at = now
    attempt.auto_submitted = auto
    attempt.save(
        update_fields=["status", "finished_at", "auto_submitted", "score", "percent", "needs_marking", "passed"]
    )
    # Measured time in the quiz (for 学时 and course analytics), start to hand-in, capped there.
    step_time_record(
        user=attempt.user,
        step=attempt.quiz,
        kind=StepSource.QUIZ,
        seconds=(now - attempt.started_at).total_seconds(),
        at=now,
    )
    if not attempt.needs_marking:
        attempt_grade_finalise(attempt=attempt, now=now)
    else:
        event_announce(
            EssayAwaitsMarking(
                attempt_id=attempt.pk,
                user_id=attempt.user_id,
                quiz_id=attempt.quiz_id,
                quiz_title=attempt.quiz.title,
                essays=sum(a.score is None for a in graded),
                finished_at=now,
            )
        )
    return attempt, True


def quiz_attempts_sweep(*, now: dt.datetime | None = None) -> int:
    """Close attempts whose deadline plus grace has passed (the trainee walked away, the phone
    died) and grade what was saved. Each attempt is handed in in its own transaction through
    the same exactly-once submit, so running the sweep twice, or alongside a trainee's own
    hand-in, grades nothing twice. Returns how many attempts this run closed."""
    now = now or timezone.now()
    closed = 0
    candidates = QuizAttempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lt=now).only(
        "pk", "deadline", "grace_seconds", "status"
    )
    for attempt in candidates:
        if attempt_expired(attempt=attempt, now=now):
            with transaction.atomic():
                _attempt, closed_here = _attempt_hand_in(attempt_id=attempt.pk, user=None, auto=True, now=now)
            closed += int(closed_here)
    return closed
