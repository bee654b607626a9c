"""The quizzes app's part of HR's export and erasure of a person's data (quizzes.listeners calls
it for the privacy app's events). Quiz attempts are learning records and stay for statistics; what a person wrote in
their own words (fill-in and essay answers) and trainers' comments about it are personal."""

from quizzes.models import AttemptAnswer, QuestionType, QuizAttempt

FREE_TEXT = (QuestionType.FILL_IN, QuestionType.ESSAY)


def quizzes_personal_data(*, user_id: int) -> list[dict]:
    """Add the person's attempts and their answers in their own words to the export."""
    attempts = QuizAttempt.objects.filter(user_id=user_id).select_related("quiz").order_by("started_at")
    answers = AttemptAnswer.objects.filter(attempt__user_id=user_id, question__qtype__in=FREE_TEXT).select_related(
        "question"
    )
    by_attempt: dict[int, list] = {}
    for answer in answers:
        by_attempt.setdefault(answer.attempt_id, []).append(
            {"question": answer.question.stem, "answer": answer.response, "comment": answer.marker_comment}
        )
    return [
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


def quizzes_personal_data_erase(*, user_id: int) -> None:
    """Clear the person's free-text answers and the comments on them; scores stay."""
    AttemptAnswer.objects.filter(attempt__user_id=user_id, question__qtype__in=FREE_TEXT).update(
        response=None, marker_comment=""
    )
