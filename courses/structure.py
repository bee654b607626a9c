"""The structure of each course (its live steps in order, with what the pages around a step
need), kept in the shared cache (Redis in production) so that step pages, the course page and
"lesson done" read it without querying the page tree; and, under the same generation, single
pages by id (page_cached) and by url_path (page_at_cached, the site root's routing).

Every save, delete or move of any Wagtail page starts a new generation (``pages_changed``, now
and again after commit), and the cache keys carry the generation, so the next request of any web
process builds the structure from the database again. A structure read before a change committed
is stored under the old generation and never served. Each process keeps copies of what it read
(core.cache.generational_get); the generation itself is read from the shared cache each request."""

import hashlib
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from core.cache import generation as cache_generation
from core.cache import (
    generation_renew,
    generational_cached,
    generational_get,
    generational_get_many,
    generational_set,
    generational_set_many,
    shared_keys_register,
)

GENERATION_KEY = "courses:structure:generation"
STRUCTURE_KEY = "courses:structure:{generation}:{path}"
TIMEOUT = 3600
GENERATION_TIMEOUT = 7 * 24 * 3600
shared_keys_register(GENERATION_KEY)


@dataclass(frozen=True)
class StepEntry:
    id: int
    title: str
    path: str
    url_path: str
    depth: int
    model: str  # "app_label.modelname"
    is_required: bool
    minutes: int | None

    def page(self) -> Page:
        """A plain Page standing for the step: enough for {% pageurl %} and its title."""
        return Page(id=self.id, title=self.title, path=self.path, url_path=self.url_path, depth=self.depth, live=True)

    @property
    def kind_label(self) -> str:
        """The step's page type as a trainee reads it (lesson, quiz, scenario…), in the
        request's language."""
        return str(apps.get_model(self.model)._meta.verbose_name)


@dataclass(frozen=True)
class CourseStructure:
    course_id: int
    title: str
    path: str
    url_path: str
    depth: int
    steps: tuple[StepEntry, ...]

    def course_page(self) -> Page:
        return Page(id=self.course_id, title=self.title, path=self.path, url_path=self.url_path, depth=self.depth)

    @property
    def required_ids(self) -> list[int]:
        return [step.id for step in self.steps if step.is_required]

    def index_of(self, step_id: int) -> int | None:
        return next((i for i, step in enumerate(self.steps) if step.id == step_id), None)


def course_structure(*, course_path: str) -> CourseStructure | None:
    """The structure of the live course page at this tree path, or None if there is none."""
    generation = cache_generation(GENERATION_KEY, GENERATION_TIMEOUT)
    key = STRUCTURE_KEY.format(generation=generation, path=course_path)
    cached = generational_get(key)
    if cached is not None:
        return cached
    course = Page.objects.filter(path=course_path).only("id", "title", "path", "url_path", "depth").first()
    if course is None:
        return None
    steps = []
    for step in course.get_children().live().specific():
        steps.append(
            StepEntry(
                id=step.pk,
                title=step.title,
                path=step.path,
                url_path=step.url_path,
                depth=step.depth,
                model=step._meta.label_lower,
                is_required=getattr(step, "is_required", True),
                minutes=getattr(step, "estimated_minutes", None),
            )
        )
    structure = CourseStructure(
        course_id=course.pk,
        title=course.title,
        path=course.path,
        url_path=course.url_path,
        depth=course.depth,
        steps=tuple(steps),
    )
    if generation is not None:
        generational_set(key, structure, TIMEOUT)
    return structure


def course_structure_of_step(*, step: Page) -> CourseStructure | None:
    """The structure of the course a step belongs to (a step's parent is always its course)."""
    return course_structure(course_path=step.path[: -step.steplen])


def pages_changed(sender=None, instance=None, **kwargs) -> None:
    """Signal handler: a page was saved, deleted or moved; a new generation starts (now and after
    commit, see core.cache.generation_renew)."""
    if instance is not None and not isinstance(instance, Page):
        return
    generation_renew(GENERATION_KEY, GENERATION_TIMEOUT)


PAGE_KEY = "courses:page:{generation}:{model}:{pk}"
PATH_KEY = "courses:page-at:{generation}:{url_path}"  # url_path hashed: keys stay short and plain


def _read_through(key: str, load, generation: str | None):
    """core.cache.generational_cached, when there is a generation to carry (a cache to keep it in)."""
    return generational_cached(key, load, TIMEOUT) if generation is not None else load()


def page_cached(*, pk: int, model: type[Page]) -> Page | None:
    """The page with this id, as the page type `model`, live or not, or None when there is no
    such page of that type. Kept in the shared cache under the structures' generation, so any
    save, delete or move of a page is seen by the next request; read with one cache call instead
    of a join of the page tables (about a third of the CPU of a quiz's start, bench/request_cpu.py).
    Each request unpickles its own copy: what one request changes on it stays in that request."""
    generation = cache_generation(GENERATION_KEY, GENERATION_TIMEOUT)
    key = PAGE_KEY.format(generation=generation, model=model._meta.label_lower, pk=pk)
    return _read_through(key, lambda: model.objects.filter(pk=pk).first(), generation)


def pages_cached(*, pks, model: type[Page]) -> dict[int, Page]:
    """page_cached for many pages at once, by id: one cache read, and one query for those missing
    from it (left out when there is no such page of that type)."""
    generation = cache_generation(GENERATION_KEY, GENERATION_TIMEOUT)
    keys = {PAGE_KEY.format(generation=generation, model=model._meta.label_lower, pk=pk): pk for pk in set(pks)}
    found = {keys[key]: cached[0] for key, cached in generational_get_many(list(keys)).items()}
    missing = [pk for pk in keys.values() if pk not in found]
    if missing:
        loaded = model.objects.in_bulk(missing)
        found.update({pk: loaded.get(pk) for pk in missing})
        if generation is not None:
            generational_set_many({key: (found[pk],) for key, pk in keys.items() if pk in missing}, TIMEOUT)
    return {pk: page for pk, page in found.items() if page is not None}


def page_live_cached(*, pk: int, model: type[Page]) -> Page | None:
    """page_cached, but only a live page: what a trainee's POST about a page may act on."""
    page = page_cached(pk=pk, model=model)
    return page if page is not None and page.live else None


def _specific_page_at(url_path: str) -> Page | None:
    found = Page.objects.filter(url_path=url_path).values_list("pk", "content_type_id").first()
    if found is None:
        return None
    model = ContentType.objects.get_for_id(found[1]).model_class()
    return model.objects.filter(pk=found[0]).first() if model is not None else None


def page_at_cached(*, url_path: str) -> Page | None:
    """The page (its specific type, live or not) whose url_path this is, or None: the page a
    request's path names, for the site root's routing (courses.models.HomePage.route), from the
    shared cache under the structures' generation."""
    generation = cache_generation(GENERATION_KEY, GENERATION_TIMEOUT)
    key = PATH_KEY.format(generation=generation, url_path=hashlib.sha256(url_path.encode()).hexdigest())
    return _read_through(key, lambda: _specific_page_at(url_path), generation)
