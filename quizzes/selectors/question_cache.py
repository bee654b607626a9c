"""The question bank as an exam reads it, from the shared cache: each question with its options,
answer rows and image (a pickled model instance, its prefetched rows included), and each quiz's
draw plan (fixed questions and every draw's candidates). At the 9 o'clock exam hundreds of
trainees start the same paper within seconds; the database then sees one read per question
instead of one per trainee.

Every cached value carries the bank's generation (core.cache.generation). Any save or delete of a
question, option, answer row, category or a quiz's fixed question or draw starts a new generation
(quizzes.apps connects the signals), so a trainer's edit is never hidden by the cache."""

from core.cache import (
    generation,
    generation_renew,
    generational_get,
    generational_get_many,
    generational_set,
    generational_set_many,
    shared_keys_register,
)
from quizzes.models import Question, QuizPage
from quizzes.selectors.bank import draw_pool

BANK_GENERATION = "quizzes:bank:generation"
TIMEOUT = 6 * 3600
shared_keys_register(BANK_GENERATION)


def bank_cache_renew(**_signal_kwargs) -> None:
    """Forget every cached question and draw plan (a signal receiver, and callable directly)."""
    generation_renew(BANK_GENERATION, TIMEOUT)


def _question_key(gen: str, pk: int) -> str:
    return f"quizzes:question:{gen}:{pk}"


def questions_cached(*, question_ids: list[int]) -> dict[int, Question]:
    """The questions by id, with options, answer rows and image prefetched: from the cache, and
    what is missing in one read (three queries) that then fills the cache. Unknown ids are left
    out."""
    gen = generation(BANK_GENERATION, TIMEOUT)
    keys = {_question_key(gen, pk): pk for pk in dict.fromkeys(question_ids)}
    found = {keys[key]: question for key, question in generational_get_many(list(keys)).items()}
    missing = [pk for pk in keys.values() if pk not in found]
    if missing:
        fresh = {
            q.pk: q
            for q in Question.objects.filter(pk__in=missing)
            .prefetch_related("options", "answer_keys")
            .select_related("image")
        }
        generational_set_many({_question_key(gen, pk): q for pk, q in fresh.items()}, TIMEOUT)
        found.update(fresh)
    return found


def quiz_draw_plan(*, quiz: QuizPage) -> tuple[list[int], list[tuple[int, list[int]]]]:
    """What a paper of `quiz` is drawn from: the active fixed questions in order, and per category
    draw (in order) how many it takes and its candidate question ids, sorted. Cached; when it is
    read afresh, every question it names is put in the cache too."""
    gen = generation(BANK_GENERATION, TIMEOUT)
    key = f"quizzes:draw_plan:{gen}:{quiz.pk}"
    plan = generational_get(key)
    if plan is None:
        fixed = list(
            quiz.fixed_questions.filter(question__is_active=True)
            .order_by("sort_order")
            .values_list("question_id", flat=True)
        )
        draws = []
        for draw in quiz.category_draws.order_by("sort_order"):
            pool = draw_pool(
                category_id=draw.category_id, difficulty=draw.difficulty, question_types=draw.question_types
            )
            draws.append((draw.count, sorted(pool.values_list("pk", flat=True))))
        plan = (fixed, draws)
        generational_set(key, plan, TIMEOUT)
        # Warm the cache with every question a paper may hold: the next starts read none.
        questions_cached(question_ids=fixed + [pk for _count, pool in draws for pk in pool])
    return plan
