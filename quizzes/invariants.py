"""The quizzes app's invariants (core.integrity; written down in docs/invariants.md): a handed-in
attempt's grade is what its answers add up to, judged by its quiz's pass rule."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core.integrity import Violation, violation
from quizzes.models import AttemptStatus, QuizAttempt, QuizPage

HUNDREDTH = Decimal("0.01")


def attempts_add_up() -> list[Violation]:
    """A finished attempt's score is the sum of its answers' scores; it awaits marking exactly when
    an answer has no score yet; its percent is score / maximum; and its pass flag is the quiz's
    pass rule (QuizPage.passes) applied to that percent, or empty while marking is awaited. Its
    grade is final (graded_at) once nothing awaits marking. An attempt abandoned by the clock with
    nothing saved scored 0 and did not pass. One grouped query over the attempts and their answers."""
    invariant = "quizzes.attempt_grade"
    rows = (
        QuizAttempt.objects.filter(status__in=[AttemptStatus.FINISHED, AttemptStatus.ABANDONED])
        .annotate(
            answer_sum=Sum("answers__score"),
            unscored=Count("answers", filter=Q(answers__score__isnull=True)),
        )
        .values_list(
            "pk",
            "quiz_id",
            "status",
            "score",
            "max_score",
            "percent",
            "passed",
            "needs_marking",
            "graded_at",
            "answer_sum",
            "unscored",
        )
        .order_by("pk")
    )
    quizzes = {quiz.pk: quiz for quiz in QuizPage.objects.filter(pk__in=QuizAttempt.objects.values("quiz_id"))}
    found = []
    for (
        pk,
        quiz_id,
        status,
        score,
        maximum,
        percent,
        passed,
        needs_marking,
        graded_at,
        answer_sum,
        unscored,
    ) in rows.iterator(chunk_size=2000):
        problems = []
        if status == AttemptStatus.ABANDONED:
            if score not in (None, Decimal(0)) or passed:
                problems.append(_("Abandoned with nothing handed in, yet it has a score or a pass."))
        else:
            total = answer_sum if answer_sum is not None else Decimal(0)
            if score is None or score != total:
                problems.append(
                    _("Its score is %(score)s but its answers add up to %(sum)s.") % {"score": score, "sum": total}
                )
            if needs_marking != bool(unscored):
                problems.append(
                    _("It says it awaits marking, but every answer has a score.")
                    if needs_marking
                    else ngettext(
                        "%(n)s answer has no score, but it does not await marking.",
                        "%(n)s answers have no score, but it does not await marking.",
                        unscored,
                    )
                    % {"n": unscored}
                )
            expected_percent = (
                (score * 100 / maximum).quantize(HUNDREDTH) if score is not None and maximum else Decimal(0)
            )
            if percent is None or percent != expected_percent:
                problems.append(
                    _("Its percent is %(percent)s but %(score)s of %(max)s is %(expected)s.")
                    % {"percent": percent, "score": score, "max": maximum, "expected": expected_percent}
                )
            quiz = quizzes.get(quiz_id)
            if needs_marking or unscored:
                if passed is not None:
                    problems.append(_("It is marked as passed or failed while answers still await marking."))
            else:
                if quiz is not None and passed != quiz.passes(percent):
                    problems.append(
                        _("Its pass flag says %(flag)s, but the quiz's pass mark of %(mark)s%% says %(rule)s.")
                        % {
                            "flag": _result(passed),
                            "mark": quiz.pass_mark,
                            "rule": _result(quiz.passes(percent)),
                        }
                    )
                if graded_at is None:
                    problems.append(_("Nothing awaits marking, but its grade was never made final."))
        for problem in problems:
            found.append(violation(invariant, QuizAttempt, pk, problem, related=[(QuizPage, quiz_id)]))
    return found


def _result(passed: bool | None) -> str:
    return pgettext("attempt result", "passed") if passed else pgettext("attempt result", "not passed")
