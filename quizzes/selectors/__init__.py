"""Reads for quizzes, by concern: the bank (bank.py), grades and the clock (grades.py), the quiz
page (quiz_page.py), the paper, its review and the marking queue (papers.py) and item analysis
(analysis.py). Every public name is importable from quizzes.selectors."""

from quizzes.selectors.analysis import ItemAnalysis, QuestionStats, quiz_item_analysis  # noqa: F401
from quizzes.selectors.bank import (  # noqa: F401
    DrawSpec,
    category_descendant_ids,
    draw_pool,
    questions_for_export,
    quiz_paper_auto_floor,
)
from quizzes.selectors.grades import quiz_attempts_this_cycle, quiz_grade_percent, seconds_remaining  # noqa: F401
from quizzes.selectors.papers import (  # noqa: F401
    LABELS,
    AttemptReview,
    PaperItem,
    attempt_paper,
    attempt_review,
    attempt_state,
    attempts_quiz_attach,
    marking_queue,
    my_attempts,
    review_open,
)
from quizzes.selectors.question_cache import bank_cache_renew, questions_cached, quiz_draw_plan  # noqa: F401
from quizzes.selectors.quiz_page import (  # noqa: F401
    StartState,
    WindowState,
    quiz_cached,
    quiz_page_context,
    quiz_paper_size,
    quiz_start_state,
    quiz_steps_missing,
    quiz_window,
)
