from quizzes.services.attempts import (  # noqa: F401
    AnswerRefused,
    AttemptNeedsConfirmation,
    AttemptNotAllowed,
    quiz_attempt_answer_check,
    quiz_attempt_answer_save,
    quiz_attempt_start,
    quiz_attempt_submit,
    quiz_attempts_sweep,
)
from quizzes.services.marking import MarkingError, attempt_answer_mark  # noqa: F401
