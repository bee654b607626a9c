from quizzes.models.attempts import AttemptAnswer, AttemptStatus, QuizAttempt  # noqa: F401
from quizzes.models.bank import (  # noqa: F401
    Difficulty,
    Question,
    QuestionAnswer,
    QuestionCategory,
    QuestionOption,
    QuestionType,
)
from quizzes.models.imports import QuestionImport  # noqa: F401
from quizzes.models.pages import (  # noqa: F401
    FeedbackMode,
    GradingMethod,
    MultipleChoiceScoring,
    QuizCategoryDraw,
    QuizPage,
    QuizQuestion,
    ReviewAvailability,
)
