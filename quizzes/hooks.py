"""Listeners of other apps' events (settings.LMS_HOOKS): the privacy app's export and erasure of a
person's data. Quiz attempts are learning records and stay for statistics; what a person wrote in
their own words (fill-in and essay answers) and trainers' comments about it are personal."""

from quizzes.models import AttemptAnswer, QuestionType, QuizAttempt

FREE_TEXT = (QuestionType.FILL_IN, QuestionType.ESSAY)


def on_personal_data_export(*, user, sections: dict) -> None:
    """Add the person's attempts and their answers in their own words to the export."""
    attempts = QuizAttempt.objects.filter(user=user).select_related("quiz").order_by("started_at")
    answers = AttemptAnswer.objects.filter(attempt__user=user, question__qtype__in=FREE_TEXT).select_related("question")
    by_attempt: dict[int, list] = {}
    for answer in answers:
        by_attempt.setdefault(answer.attempt_id, []).append(
            {"question": answer.question.stem, "answer": answer.response, "comment": answer.marker_comment}
        )
    sections["quizzes"] = [
        {
            "quiz": attempt.quiz.title,
            "attempt": attempt.number,
            "status": attempt.status,
            "started_at": attempt.started_at,
            "finished_at": attempt.finished_at,
            "percent": attempt.percent,
            "passed": attempt.passed,
            "answers_in_own_words": by_attempt.get(attempt.pk, []),
        }
        for attempt in attempts
    ]


def on_personal_data_erase(*, user) -> None:
    """Clear the person's free-text answers and the comments on them; scores stay."""
    AttemptAnswer.objects.filter(attempt__user=user, question__qtype__in=FREE_TEXT).update(
        response=None, marker_comment=""
    )
