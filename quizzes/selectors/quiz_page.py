"""What the quiz page shows a trainee: the step in its course, the window, the paper's size,
their attempts and grade."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from quizzes.models import AttemptStatus, QuizAttempt, QuizPage
from quizzes.selectors.grades import quiz_grade_percent


def quiz_page_context(*, quiz: QuizPage, user: AbstractBaseUser | AnonymousUser) -> dict:
    from courses.selectors import step_context
    from quizzes.services.attempts import quiz_window

    context = step_context(step=quiz, user=user)
    context["window"] = quiz_window(quiz=quiz)
    context["question_count"] = quiz_paper_size(quiz=quiz)
    if not user.is_authenticated:
        return context
    attempts = list(QuizAttempt.objects.filter(quiz=quiz, user=user).order_by("number"))
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
    )
    return context


def quiz_paper_size(*, quiz: QuizPage) -> int:
    size = quiz.fixed_questions.count() + sum(d.count for d in quiz.category_draws.all())
    return min(size, quiz.max_questions) if quiz.max_questions else size
