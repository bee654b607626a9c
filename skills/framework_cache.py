"""The skills framework as the skill pages read it on every request: the ladders' criteria by
(post, level) and the competencies, each post's and all of them, in the matrix's order.

Kept in the shared cache (Redis in production) under two generations: the framework's own, which
any save or delete of a competency, area, ladder, criterion or post renews, and any change of a
ladder's competencies (``framework_changed``, connected in ``SkillsConfig.ready``); and the course
structures', which any page change renews, as criteria carry course and page titles. A value read
before a change committed is stored under the old generation and never served. Each process keeps
copies of what it read (core.cache.generational_get); the generations are read from the shared
cache each request."""

from collections import defaultdict
from collections.abc import Callable

from django.db.models import F

from core.cache import generation, generation_renew, generational_cached, shared_keys_register
from courses.structure import GENERATION_KEY as STRUCTURE_GENERATION_KEY
from courses.structure import GENERATION_TIMEOUT as STRUCTURE_GENERATION_TIMEOUT
from skills.models import Competency, LevelCriterion, LevelLadder

GENERATION_KEY = "skills:framework:generation"
VALUE_KEY = "skills:framework:{generations}:{name}"
TIMEOUT = 3600
GENERATION_TIMEOUT = 7 * 24 * 3600
shared_keys_register(GENERATION_KEY)


def framework_generations() -> str | None:
    """The framework's and the course structures' generations together: a value derived from
    the framework (criteria, their titles, the competencies) and kept elsewhere carries it in its
    key. None when there is no cache to keep values in."""
    framework = generation(GENERATION_KEY, GENERATION_TIMEOUT)
    structure = generation(STRUCTURE_GENERATION_KEY, STRUCTURE_GENERATION_TIMEOUT)
    return None if framework is None or structure is None else f"{framework}:{structure}"


def _read_through(name: str, load: Callable):
    generations = framework_generations()
    if generations is None:  # no cache to keep it in
        return load()
    return generational_cached(VALUE_KEY.format(generations=generations, name=name), load, TIMEOUT)


def _criteria_load() -> dict[tuple[int, int], list[LevelCriterion]]:
    criteria_by: dict[tuple[int, int], list[LevelCriterion]] = defaultdict(list)
    # Titles are annotated rather than joined in as objects: building page instances for every
    # criterion of every ladder costs more than the query.
    for criterion in LevelCriterion.objects.annotate(
        post_id=F("ladder__post_id"),
        course_title=F("course__title"),
        page_title=F("page__title"),
        competency_name=F("competency__name"),
    ).order_by("level", "sort_order", "id"):
        criteria_by[(criterion.post_id, criterion.level)].append(criterion)
    return dict(criteria_by)


def criteria_by_post_level() -> dict[tuple[int, int], list[LevelCriterion]]:
    """Every ladder's criteria by (post id, level), in order."""
    return _read_through("criteria", _criteria_load)


def _competencies_load() -> tuple[list[Competency], dict[int, list[Competency]]]:
    competencies = list(Competency.objects.select_related("area"))
    ids_by_post: dict[int, set[int]] = defaultdict(set)
    for post_id, competency_id in LevelLadder.competencies.through.objects.values_list(
        "levelladder__post_id", "competency_id"
    ):
        ids_by_post[post_id].add(competency_id)
    # Each post's competencies in the matrix's order, as a join on the ladder would give them.
    return competencies, {post: [c for c in competencies if c.pk in ids] for post, ids in ids_by_post.items()}


def competencies_all() -> list[Competency]:
    """Every competency, with its area, in the matrix's order (area, then competency)."""
    return list(_read_through("competencies", _competencies_load)[0])


def competencies_of_post(post_id: int | None) -> list[Competency]:
    """The competencies of the post's ladder, in the matrix's order; none for no post or no ladder."""
    return list(_read_through("competencies", _competencies_load)[1].get(post_id, ()))


def framework_changed(sender=None, **kwargs) -> None:
    """Signal handler: a competency, area, ladder, criterion or post was saved or deleted, or a
    ladder's competencies changed; the next read loads the framework again."""
    generation_renew(GENERATION_KEY, GENERATION_TIMEOUT)
