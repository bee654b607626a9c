"""Django's Redis cache backend, with one redis-py client per connection pool instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache read or
write. Building one fills its table of about 170 response callbacks, which cost about 1.7 ms of
CPU each time (measured with ``bench/request_cpu.py --profile``): three cache calls, about 5 ms,
on every signed-in request (session, Site, view restrictions). A ``redis.Redis`` holds no
connection of its own, it borrows one from the pool per command, so one per pool is safe to share
between threads. The pool itself already checks the process id and reconnects after a fork.
"""

from collections.abc import Callable
from contextvars import ContextVar
from uuid import uuid4

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # Pools are never dropped, so an id names one pool for the life of the process.
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with ``RedisCacheClient`` above."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


# Keys nearly every request reads (the generations of the Sites, the course structures and the
# question bank; whether any view restriction exists). Inside a request (RequestCacheMiddleware)
# the first of them read fetches them all in one round trip, and each key is read at most once.
SHARED_KEYS: set[str] = set()
_request_memo: ContextVar[dict | None] = ContextVar("lms_cache_request_memo", default=None)


def shared_keys_register(*keys: str) -> None:
    """Read `keys` together with the other shared keys, once per request."""
    SHARED_KEYS.update(keys)


class RequestCacheMiddleware:
    """Scope of the per-request reads of shared keys (shared_get): one round trip to the cache for
    all of them instead of one each, and none twice. Nothing outlives the request, so another
    process's change is seen at the next request, as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


# Functions of a user id giving keys read on most of that person's requests (their cached user,
# their bell's count, each with its generation): read with the shared keys, in one round trip.
PERSON_KEYS: list[Callable[[int], list[str]]] = []


def person_keys_register(keys_of: Callable[[int], list[str]]) -> None:
    PERSON_KEYS.append(keys_of)


def person_keys_prefetch(user_id: int) -> None:
    """At the signed-in user's first cache read of a request (core.auth_backends.user_load): read
    the person's keys in one round trip, together with the shared keys if they have not been read
    yet (a page Wagtail serves reads them first, to find the Site). Outside a request: nothing."""
    from django.core.cache import cache

    memo = _request_memo.get()
    if memo is None:
        return
    person = [key for keys_of in PERSON_KEYS for key in keys_of(user_id) if key not in memo]
    if not person:
        return
    keys = list(SHARED_KEYS.union(person)) if not memo else person
    memo.update(dict.fromkeys(keys))
    memo.update(cache.get_many(keys))


def shared_get(key: str):
    """The cached value at `key`, read once per request (outside a request: read each time)."""
    from django.core.cache import cache

    memo = _request_memo.get()
    if memo is None:
        return cache.get(key)
    if not memo and SHARED_KEYS:
        memo.update(dict.fromkeys(SHARED_KEYS))
        memo.update(cache.get_many(list(SHARED_KEYS)))
    if key not in memo:
        memo[key] = cache.get(key)
    return memo[key]


def _memo_update(values: dict) -> None:
    """What this request has just written or read, for its own later reads (outside a request:
    nothing to keep)."""
    memo = _request_memo.get()
    if memo is not None:
        memo.update(values)


def shared_set(key: str, value, timeout: int | None = None) -> None:
    """Store `value` at `key`, for other processes and for the rest of this request."""
    from django.core.cache import cache

    cache.set(key, value, timeout)
    _memo_update({key: value})


def shared_forget(key: str) -> None:
    from django.core.cache import cache

    cache.delete(key)
    memo = _request_memo.get()
    if memo is not None:
        memo.pop(key, None)


# Values stored under a key that carries a generation never change (a change renews the generation
# and so the key), so each process also keeps the copies it has read, in a LocMemCache of its own
# (settings.CACHES[GENERATIONAL_ALIAS], bounded, least recently used first out). It pickles like
# Redis, so no two requests share an object. Only the generation is read from Redis each request.
GENERATIONAL_ALIAS = "generational"
LOCAL_TIMEOUT = 3600  # copies of old generations' values age out


def _local_cache():
    from django.core.cache import InvalidCacheBackendError, caches

    try:
        return caches[GENERATIONAL_ALIAS]
    except InvalidCacheBackendError:  # a settings file without the tier: Redis (or locmem) alone
        return None


def generational_get_many(keys: list[str]) -> dict:
    """The values at these keys (each carrying a generation): from this process's copies, then
    the shared cache for the rest in one round trip, whose answers are copied here."""
    from django.core.cache import cache

    local = _local_cache()
    found = local.get_many(keys) if local is not None else {}
    missing = [key for key in keys if key not in found]
    if missing:
        shared = cache.get_many(missing)
        if local is not None and shared:
            local.set_many(shared, LOCAL_TIMEOUT)
        found.update(shared)
    return found


def generational_get(key: str):
    """`generational_get_many` for one key; None when it holds nothing."""
    return generational_get_many([key]).get(key)


def generational_set_many(values: dict, timeout: int | None) -> None:
    """Store values at keys that carry a generation, in the shared cache and this process's copy."""
    from django.core.cache import cache

    cache.set_many(values, timeout)
    local = _local_cache()
    if local is not None:
        local.set_many(values, LOCAL_TIMEOUT)


def generational_set(key: str, value, timeout: int | None) -> None:
    generational_set_many({key: value}, timeout)


def generational_cached(key: str, load: Callable, timeout: int | None):
    """The value at `key` (a key carrying a generation), else `load()`, then stored. None is
    stored too (as a one-item tuple), so a lookup that finds nothing costs one read a generation."""
    found = generational_get(key)
    if found is None:
        found = (load(),)
        generational_set(key, found, timeout)
    return found[0]


def generation(key: str, timeout: int | None = None) -> str | None:
    """The current generation stored at `key`, starting one if there is none. Cached values
    derived from the database carry the generation they were read under; a change calls
    `generation_renew`, and values of the old generation are never served again."""
    from django.core.cache import cache

    current = shared_get(key)
    if current is None:
        cache.add(key, uuid4().hex, timeout)
        current = cache.get(key)
        _memo_update({key: current})
    return current


def generation_renew(key: str, timeout: int | None = None) -> None:
    """Start a new generation now, for the current transaction's own later reads, and again after
    it commits, for a value another process read from the rows as they were before the commit."""
    generations_renew([key], timeout)


def generations_renew(keys: list[str], timeout: int | None = None) -> None:
    """`generation_renew` for many keys, in one round trip each time."""
    from django.core.cache import cache
    from django.db import transaction

    if not keys:
        return

    def renew() -> None:
        fresh = {key: uuid4().hex for key in keys}
        cache.set_many(fresh, timeout)
        _memo_update(fresh)

    renew()
    transaction.on_commit(renew, robust=True)


# A person's learning records (evidence, levels, points, goals, promotions, enrolments, course
# ratings): pages built from them alone are kept under this per-person generation, renewed by
# every write of those records (post_save/post_delete, connected in SkillsConfig.ready, and by the
# few bulk updates that send no signal).
PERSON_RECORDS_GENERATION_KEY = "person:{}:records:generation"
PERSON_RECORDS_GENERATION_TIMEOUT = 24 * 3600


def person_records_changed(*, user_ids) -> None:
    """These people's learning records changed: what was kept under their records' generation is
    not served again."""
    generations_renew(
        [PERSON_RECORDS_GENERATION_KEY.format(user_id) for user_id in set(user_ids)],
        PERSON_RECORDS_GENERATION_TIMEOUT,
    )


def generation_cached(*, key: str, generation_key: str, load: Callable, timeout: int, generation_timeout: int):
    """The value at `key` when it was stored under the current generation at `generation_key`,
    else `load()`, then stored with that generation: one round trip to the cache on a hit. The
    generation is read before the database, so a value read before a concurrent change committed
    carries the old generation and is never served."""
    from django.core.cache import cache

    memo = _request_memo.get()
    if memo is not None and key in memo and generation_key in memo:  # read already (person_keys_prefetch)
        found = {key: memo[key], generation_key: memo[generation_key]}
    else:
        found = cache.get_many([key, generation_key])
    current = found.get(generation_key) or generation(generation_key, generation_timeout)
    cached = found.get(key)
    if cached is not None and current is not None and cached[0] == current:
        return cached[1]
    value = load()
    if current is not None:
        cache.set(key, (current, value), timeout)
        _memo_update({key: (current, value)})
    return value
