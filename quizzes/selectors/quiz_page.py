"""What the quiz page shows a trainee: the step in its course, the window, the paper's size,
their attempts and grade, the course steps an exam still waits for, and how many attempts are
left before starting one."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Page

from courses.selectors import course_outline, cycle_started_at
from courses.structure import course_structure_of_step, page_cached
from quizzes.models import AttemptStatus, QuizAttempt, QuizPage
from quizzes.selectors.grades import quiz_attempts_this_cycle, quiz_grade_percent


@dataclass
class WindowState:
    is_open: bool
    reason: str = ""


def quiz_cached(*, quiz_id: int) -> QuizPage | None:
    """The quiz page with this id, live or not, from the shared cache (courses.structure): the
    9 o'clock exam's starts and papers read it without joining the page tables."""
    return page_cached(pk=quiz_id, model=QuizPage)


def quiz_window(*, quiz: QuizPage, now: dt.datetime | None = None) -> WindowState:
    """Whether the quiz takes new attempts now: published, opened, not closed."""
    now = now or timezone.now()
    if not quiz.live:
        return WindowState(False, _("This quiz is not published."))
    if quiz.opens_at and now < quiz.opens_at:
        return WindowState(False, _("This quiz has not opened yet."))
    if quiz.closes_at and now >= quiz.closes_at:
        return WindowState(False, _("This quiz is closed."))
    return WindowState(True)


def quiz_steps_missing(*, quiz: QuizPage, user: AbstractBaseUser | AnonymousUser) -> list[Page]:
    """The required steps placed before this quiz in its course that the trainee has not done (in
    their current cycle of the course), when the quiz requires them (QuizPage.requires_course_steps);
    empty otherwise. Only the steps before it: an exam placed last waits for the whole course, and
    two gated quizzes never wait for each other. Two queries (the course outline's)."""
    if not quiz.requires_course_steps or not user.is_authenticated:
        return []
    structure = course_structure_of_step(step=quiz)
    if structure is None:
        return []
    items = course_outline(course=structure.course_page(), user=user).items
    position = next((i for i, item in enumerate(items) if item.step.pk == quiz.pk), len(items))
    return [item.step for item in items[:position] if item.is_required and not item.is_done]


@dataclass(frozen=True)
class StartState:
    """What starting a new attempt would mean for this trainee now."""

    in_progress: QuizAttempt | None
    attempts_used: int
    attempts_left: int | None  # None: unlimited
    refusal: str  # why a new attempt cannot start now; empty when it can

    @property
    def is_last(self) -> bool:
        return self.attempts_left == 1


def quiz_start_state(
    *,
    quiz: QuizPage,
    user: AbstractBaseUser,
    now: dt.datetime | None = None,
    steps_missing: list[Page] | None = None,
    all_attempts: list[QuizAttempt] | None = None,
) -> StartState:
    """The checks before a new attempt, in one place for the start service, the quiz page and the
    confirmation page: the quiz must be open, an attempt left, and, when the quiz requires them,
    the course's required steps before it done. Reads only. `all_attempts`: every attempt of the
    person at the quiz, already read by the caller (with started_at), left to this cycle's here."""
    if all_attempts is None:
        attempts = list(
            quiz_attempts_this_cycle(quiz=quiz, user_id=user.pk).only("pk", "status", "deadline", "grace_seconds")
        )
    else:
        since = cycle_started_at(user_id=user.pk, step=quiz)
        attempts = [a for a in all_attempts if since is None or a.started_at >= since]
    in_progress = next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None)
    used = len(attempts)
    left = None if not quiz.max_attempts else max(0, quiz.max_attempts - used)
    refusal = ""
    window = quiz_window(quiz=quiz, now=now)
    if not window.is_open:
        refusal = window.reason
    elif left == 0:
        refusal = _("You have used all your attempts at this quiz.")
    else:
        missing = quiz_steps_missing(quiz=quiz, user=user) if steps_missing is None else steps_missing
        if missing:
            steps = pgettext("list separator", ", ").join(step.title for step in missing)
            refusal = _("Complete the course's required steps first: %(steps)s.") % {"steps": steps}
    return StartState(in_progress=in_progress, attempts_used=used, attempts_left=left, refusal=refusal)


def quiz_page_context(*, quiz: QuizPage, user: AbstractBaseUser | AnonymousUser) -> dict:
    from courses.selectors import step_context

    context = step_context(step=quiz, user=user)
    context["window"] = quiz_window(quiz=quiz)
    context["question_count"] = quiz_paper_size(quiz=quiz)
    if not user.is_authenticated:
        return context
    attempts = list(quiz_attempts_this_cycle(quiz=quiz, user_id=user.pk).order_by("number"))
    in_progress = next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None)
    used = len(attempts)
    grade = quiz_grade_percent(quiz=quiz, user_id=user.pk)
    context.update(
        attempts=attempts,
        in_progress=in_progress,
        attempts_left=None if not quiz.max_attempts else max(0, quiz.max_attempts - used),
        grade=grade,
        grade_passed=quiz.passes(grade),
        awaiting_marking=any(a.needs_marking for a in attempts),
        steps_missing=[] if in_progress else quiz_steps_missing(quiz=quiz, user=user),
    )
    return context


def quiz_paper_size(*, quiz: QuizPage) -> int:
    size = quiz.fixed_questions.count() + sum(d.count for d in quiz.category_draws.all())
    return min(size, quiz.max_questions) if quiz.max_questions else size
